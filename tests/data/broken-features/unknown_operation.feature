# language: da
Egenskab: En handling golive ikke kender

  Scenarie: En handling golive ikke kender
    Givet Luna afbryder forbindelsen ved næste tilmelding
