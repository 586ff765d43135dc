"""Stateful simulators of sygesikring's neighbours, and the reference SUT; core/ is the shared kernel."""
