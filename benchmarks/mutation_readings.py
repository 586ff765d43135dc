"""The reading of each surviving mutant of benchmarks/mutation.py's run (2026-12-01): why nothing caught it.

Keyed by (file name, "LINE:OPERATOR:OCCURRENCE" as cosmic-ray numbers it). Written by reading the mutated line, the
flows that call it, the scenario suite and the explorer (golive/explore/machine.py, golive/oracle/). A mutant whose
key is missing is reported as "unread".
"""

from __future__ import annotations

CAUSES = {
    "equivalent": "no behaviour a caller or neighbour can see changes (frozen dataclass never assigned, a default the "
    "flows always override, a value the contract never lets through)",
    "unchecked-output": "changes only a field or text nobody predicts: the problem's detail/extra fields, the fee's "
    "freeReason label (the oracle predicts status, problem slug, effect date and amount only)",
    "input-never-generated": "the rule's input is never produced: neither a scenario nor any explorer rule sends it",
    "boundary-not-reached": "the explorer can produce it, but its 50-example run did not hit the one day / value "
    "(see `recheck` for a 60 s budget)",
    "boundary-not-exact": "the boundary value the explorer aims at is not exactly the limit once computed (floats)",
    "shared-number": "rules.py is read by the SUT, the oracle AND the explorer's boundary values: a changed number "
    "moves all three, so only a scenario with the number written out could catch it",
}

D = "decisions.py"
R = "rules.py"

READINGS: dict[tuple[str, str], tuple[str, str]] = {
    # -- equivalent ------------------------------------------------------------------------------------------
    (D, "81:ReplaceTrueWithFalse:0"): ("equivalent", "Charge not frozen: nothing assigns to a Charge"),
    (D, "140:ReplaceTrueWithFalse:2"): ("equivalent", "ChoiceFacts not frozen: never assigned"),
    (D, "152:ReplaceTrueWithFalse:3"): ("equivalent", "Terms not frozen: never assigned"),
    (D, "273:ReplaceTrueWithFalse:4"): ("equivalent", "ExceptionFacts not frozen: never assigned"),
    (D, "336:ReplaceTrueWithFalse:5"): ("equivalent", "CardFacts not frozen: never assigned"),
    (D, "372:ReplaceTrueWithFalse:6"): ("equivalent", "ChildFacts not frozen: never assigned"),
    (D, "278:ReplaceFalseWithTrue:2"): (
        "equivalent",
        "ExceptionFacts default: the flow sets housemate_has_doctor whenever 'same-address' (the only reader) is named",
    ),
    (D, "279:ReplaceFalseWithTrue:3"): (
        "equivalent",
        "ExceptionFacts default: set explicitly for 'turning-15-parent-doctor', its only reader",
    ),
    (D, "280:ReplaceFalseWithTrue:4"): (
        "equivalent",
        "ExceptionFacts default: set explicitly for 'turning-15-parent-doctor', its only reader",
    ),
    (D, "281:ReplaceFalseWithTrue:5"): (
        "equivalent",
        "ExceptionFacts default: set explicitly for 'group-2-to-1-last-doctor', its only reader",
    ),
    (D, "296:ReplaceFalseWithTrue:6"): (
        "equivalent",
        "an unknown exception name would be accepted, but the contract's "
        "ClosedPracticeException enum refuses it before the rule is asked",
    ),
    (D, "180:NumberReplacer:19"): (
        "equivalent",
        "same-doctor's detail text names the ydernummer instead of the date "
        "(and same-doctor is never triggered anyway: see 173)",
    ),
    # -- unchecked output ------------------------------------------------------------------------------------
    (D, "64:ExceptionReplacer:0"): (
        "unchecked-output",
        "an impossible CPR date escapes as CPR's own "
        "InvalidCprDate: same status and slug invalid-cpr-date, only title and the `cpr` "
        "field differ, which nothing checks",
    ),
    (D, "245:NumberReplacer:24"): (
        "unchecked-output",
        "distance-rule problem's distanceKm rounded to 3 decimals: only the slug is predicted",
    ),
    (D, "245:NumberReplacer:25"): (
        "unchecked-output",
        "distance-rule problem's distanceKm rounded to 1 decimal: only the slug is predicted",
    ),
    (D, "267:NumberReplacer:26"): (
        "unchecked-output",
        "E-flyt receipt's distanceKm rounded to 3 decimals: the oracle predicts the receipt's status and doctor only",
    ),
    (D, "267:NumberReplacer:27"): ("unchecked-output", "E-flyt receipt's distanceKm rounded to 1 decimal: unchecked"),
    (D, "186:AddNot:6"): (
        "unchecked-output",
        "a first choice's freeReason swaps 'moved'/'first-card': still free "
        "(amount 0), and neither the oracle nor a scenario reads freeReason",
    ),
    (D, "186:ReplaceComparisonOperator_Eq_NotEq:3"): (
        "unchecked-output",
        "same as 186:AddNot: freeReason label of a first choice, never predicted",
    ),
    # -- boundary not reached / not exact -------------------------------------------------------------------
    (D, "102:ReplaceComparisonOperator_LtE_Lt:1"): (
        "boundary-not-reached",
        "every 'within N days' window (move 30, "
        "name change 90, turning 15 60) loses its last day; the explorer's "
        "at_edge aims at it but 50 examples did not land there, no "
        "scenario sits on the last day",
    ),
    (D, "132:ReplaceComparisonOperator_LtE_Gt:2"): (
        "boundary-not-reached",
        "the move entitlement holds only AFTER it "
        "expires: a doctor change within 30 days of a move beyond the "
        "limit (without a choice in E-flyt) is charged; that sequence "
        "(move far, keep doctor, choose later) is in no scenario and rare "
        "for the explorer",
    ),
    (D, "132:ReplaceComparisonOperator_LtE_Lt:2"): (
        "boundary-not-reached",
        "the move entitlement loses its last day (move date + 30): needs that sequence on exactly that day",
    ),
    (D, "401:ReplaceBinaryOperator_Add_Sub:7"): (
        "boundary-not-reached",
        "the move entitlement ends 30 days BEFORE the "
        "move: every later doctor change after a far move is charged; same "
        "uncovered sequence as 132",
    ),
    (D, "236:ReplaceComparisonOperator_Gt_GtE:0"): (
        "boundary-not-exact",
        "exactly at the limit counts as beyond; the "
        "explorer's 'at 15 km' practice is placed by coordinates and the "
        "haversine distance is never exactly 15.0 (or 5.0)",
    ),
    (D, "253:ReplaceComparisonOperator_GtE_Gt:0"): (
        "input-never-generated",
        "one patient over capacity accepted; "
        "practices are seeded 50-90 % full of >= 1,600 places and Luna "
        "closes itself at capacity, so the SUT's own check (which counts "
        "choices queued for Luna) is never at its boundary",
    ),
    (D, "253:ReplaceBinaryOperator_Add_Sub:4"): (
        "input-never-generated",
        "choices queued for Luna free places instead "
        "of taking them; needs a nearly full practice AND Luna down (only "
        "the load benchmark gets there)",
    ),
    (D, "433:ReplaceComparisonOperator_Lt_LtE:5"): (
        "input-never-generated",
        "two practice events with the SAME "
        "changedDate: the later is dropped as stale; the explorer's "
        "overtaken pair is always a day apart",
    ),
    (D, "124:ReplaceComparisonOperator_Lt_LtE:0"): (
        "boundary-not-reached",
        "a child of exactly 15 still follows the "
        "parent (is_child); children in scenarios and in the explorer are "
        "well under 15, none turns 15 while following",
    ),
    # -- same-doctor never exercised ---------------------------------------------------------------------------
    (D, "173:ReplaceComparisonOperator_Eq_NotEq:1"): (
        "boundary-not-reached",
        "group 1 citizens count as leaving group "
        "2, so choosing one's own doctor again is accepted instead of "
        "422 same-doctor; no scenario asks for the same doctor, and the "
        "explorer (which predicts it) rarely repeats a practice",
    ),
    (D, "173:NumberReplacer:14"): (
        "input-never-generated",
        "group 2 no longer 'leaves group 2': a group-2 citizen "
        "returning to the dormant group-1 doctor is refused same-doctor; the explorer never "
        "chooses the citizen's seeded doctor, no scenario does it",
    ),
    (D, "173:NumberReplacer:15"): (
        "boundary-not-reached",
        "both directions of 173 at once: group 1 skips the same-doctor check, group 2 gets it",
    ),
    (D, "173:ReplaceOrWithAnd:2"): (
        "input-never-generated",
        "group 2 without a change to group 1 under way is "
        "refused its dormant doctor: the group-2 re-choice of that doctor is never made",
    ),
    (D, "179:NumberReplacer:16"): (
        "boundary-not-reached",
        "same-doctor compares the date with the ydernummer: never "
        "refused; the same-doctor refusal is exercised by nothing",
    ),
    (D, "179:NumberReplacer:17"): (
        "boundary-not-reached",
        "as 179:16 (latest[-1] is the date): same-doctor never refused",
    ),
    (D, "180:NumberReplacer:18"): (
        "boundary-not-reached",
        "latest[2] on a pair: an IndexError (500) wherever same-doctor should be answered; never triggered",
    ),
    # -- input never generated ---------------------------------------------------------------------------------
    (D, "109:ExceptionReplacer:1"): (
        "input-never-generated",
        "born 29 February: the 15th birthday raises instead of "
        "being 1 March; no generated citizen is born on a leap day",
    ),
    (D, "110:NumberReplacer:8"): ("input-never-generated", "leap-day birth: 15th birthday one year late"),
    (D, "110:NumberReplacer:9"): ("input-never-generated", "leap-day birth: 15th birthday one year early"),
    (D, "110:NumberReplacer:10"): ("input-never-generated", "leap-day birth: 15th birthday 1 April"),
    (D, "110:NumberReplacer:11"): ("input-never-generated", "leap-day birth: 15th birthday 1 February"),
    (D, "110:NumberReplacer:12"): ("input-never-generated", "leap-day birth: 15th birthday 2 March"),
    (D, "110:NumberReplacer:13"): ("input-never-generated", "leap-day birth: date(…, 3, 0) raises"),
    (D, "110:ReplaceBinaryOperator_Add_Sub:2"): (
        "input-never-generated",
        "leap-day birth: 15th birthday 15 years BEFORE birth",
    ),
    (D, "163:ReplaceAndWithOr:1"): (
        "input-never-generated",
        "a charged change may take effect early: nobody ever "
        "sends a requested effectiveDate (no scenario, no explorer rule)",
    ),
    (D, "163:ReplaceComparisonOperator_IsNot_Is:1"): (
        "input-never-generated",
        "early effect date allowed for charged changes, refused for free ones: effectiveDate never sent",
    ),
    (D, "163:ReplaceComparisonOperator_NotEq_Eq:0"): (
        "input-never-generated",
        "only turning-15 may take effect early: effectiveDate never sent",
    ),
    (D, "206:ReplaceComparisonOperator_Lt_LtE:1"): (
        "input-never-generated",
        "a requested effect date of today is refused: effectiveDate never sent",
    ),
    (D, "210:ReplaceUnaryOperator_Delete_Not:3"): (
        "input-never-generated",
        "the early-effect rule inverted: effectiveDate never sent",
    ),
    (D, "169:ReplaceOrWithAnd:1"): (
        "input-never-generated",
        "a citizen without a doctor (Luna read) is a first, free "
        "choice only if born/immigrated: every explorer citizen has a seeded doctor, and "
        "the scenarios' first choices are births/immigrations",
    ),
    (D, "291:ReplaceAndWithOr:7"): (
        "input-never-generated",
        "exception (b) holds for any 15-year-old OR anyone whose "
        "parent has the doctor: scenarios test it only positively, the explorer never "
        "names an exception",
    ),
    (D, "292:ReplaceAndWithOr:8"): (
        "input-never-generated",
        "exception (c) holds for anyone leaving group 2 OR whose last doctor it is: no negative case",
    ),
    (D, "295:ReplaceComparisonOperator_Lt_LtE:3"): (
        "input-never-generated",
        "exception (e) holds at exactly 2 open doctors nearby: the scenario has fewer, nothing has exactly 2",
    ),
    (D, "351:AddNot:26"): (
        "input-never-generated",
        "a card for the reason 'moved' is free OUTSIDE the 30 days and "
        "charged inside: the reason 'moved' is not in the explorer's CARD_REASONS nor in the "
        "health-card scenario outline",
    ),
    (D, "356:AddNot:31"): (
        "input-never-generated",
        "a card for 'cpr-change' is always charged: the reason is never ordered",
    ),
    (D, "356:ReplaceComparisonOperator_Eq_NotEq:12"): (
        "input-never-generated",
        "as 356:AddNot: 'cpr-change' cards never ordered",
    ),
    (D, "358:ReplaceAndWithOr:10"): (
        "input-never-generated",
        "cpr-change card: card history compared without a change date (TypeError) — never ordered",
    ),
    (D, "358:ReplaceComparisonOperator_GtE_Gt:1"): (
        "input-never-generated",
        "cpr-change card: a card ordered ON the change day no longer uses up the free one — never ordered",
    ),
    (D, "358:ReplaceComparisonOperator_GtE_Lt:1"): (
        "input-never-generated",
        "cpr-change card: cards before the change use up the free one — never ordered",
    ),
    (D, "359:AddNot:32"): ("input-never-generated", "cpr-change card free without a CPR change — never ordered"),
    (D, "359:ReplaceAndWithOr:11"): (
        "input-never-generated",
        "cpr-change card free when no card since, change or not — never ordered",
    ),
    (D, "359:ReplaceComparisonOperator_IsNot_Is:5"): (
        "input-never-generated",
        "cpr-change card free only without a change — never ordered",
    ),
    (D, "359:ReplaceUnaryOperator_Delete_Not:7"): (
        "input-never-generated",
        "cpr-change card free only when a card was ordered since — never ordered",
    ),
    (D, "366:ReplaceOrWithAnd:4"): (
        "input-never-generated",
        "a child naming itself or an unknown parent to follow is "
        "accepted: no scenario or explorer rule sends a bad `follows`",
    ),
    (D, "385:ReplaceAndWithOr:12"): (
        "boundary-not-reached",
        "every active child under 15 the SUT knows takes the "
        "doctor of ANY citizen who changes doctor; needs a child moved along (the only way "
        "the explorer makes the SUT know one) and then another citizen's choice: rare in "
        "50 examples, in no scenario",
    ),
    (D, "385:ReplaceAndWithOr:13"): (
        "boundary-not-reached",
        "as 385:12 (any child under 15 with another doctor follows any parent's change): same uncovered sequence",
    ),
    (D, "385:ReplaceComparisonOperator_Eq_NotEq:14"): (
        "boundary-not-reached",
        "children follow everyone but their "
        "parent: a parent's doctor change with a following child is "
        "rare in 50 examples, in no scenario",
    ),
    (D, "385:ReplaceComparisonOperator_NotEq_Eq:1"): (
        "boundary-not-reached",
        "only children already with that doctor 'follow': same uncovered sequence as 385:14",
    ),
    (D, "397:ReplaceComparisonOperator_NotEq_Eq:2"): (
        "boundary-not-reached",
        "a move within the municipality starts "
        "the free group change window and a move into another does not "
        "(if from == to): group change within 30 days of a move is rare",
    ),
    (D, "397:ReplaceComparisonOperator_NotEq_Eq:3"): (
        "boundary-not-reached",
        "moves_in inverted for the from/to case: group change within 30 days of a move not reached",
    ),
    (D, "397:ReplaceOrWithAnd:5"): (
        "boundary-not-reached",
        "only a move that changes both codes counts as moving in: free group change after a move not reached",
    ),
    (D, "419:ReplaceAndWithOr:15"): (
        "input-never-generated",
        "any status-change (or any status 90) ends coverage as a "
        "death: CPR 'status-change' events are never published by the explorer "
        "(CPR_EVENTS: death, emigration, name-change) nor a scenario",
    ),
    (D, "419:ReplaceComparisonOperator_Eq_NotEq:16"): (
        "input-never-generated",
        "status 90 read from non-status events: status-change never generated",
    ),
    (D, "419:ReplaceComparisonOperator_Eq_NotEq:17"): (
        "input-never-generated",
        "every status-change but 90 is a death: status-change never generated",
    ),
    (D, "422:ReplaceAndWithOr:16"): (
        "input-never-generated",
        "any status-change ends coverage as emigration: status-change never generated",
    ),
    (D, "422:ReplaceComparisonOperator_Eq_NotEq:19"): (
        "input-never-generated",
        "status 80 read from non-status events: never generated",
    ),
    (D, "422:ReplaceComparisonOperator_Eq_NotEq:20"): (
        "input-never-generated",
        "every status-change but 80 is an emigration: never generated",
    ),
    # -- rules.py: numbers shared by SUT, oracle and explorer --------------------------------------------------
    (R, "11:NumberReplacer:0"): ("shared-number", "1,601 patients per doctor: no scenario fills a practice"),
    (R, "11:NumberReplacer:1"): ("shared-number", "1,599 patients per doctor: no scenario fills a practice"),
    (R, "13:ReplaceTrueWithFalse:0"): (
        "shared-number",
        "Luna no longer closes at capacity: the oracle reads the same flag, and no practice is filled",
    ),
    (R, "23:NumberReplacer:2"): (
        "shared-number",
        "exception (e) below 3 open doctors: the scenario has fewer than 2, no case with exactly 2",
    ),
    (R, "26:NumberReplacer:4"): (
        "shared-number",
        "15 km limit becomes 16: scenarios place practices by a few km, the "
        "explorer's boundary distances move with the constant",
    ),
    (R, "26:NumberReplacer:5"): ("shared-number", "15 km limit becomes 14: as above"),
    (R, "27:NumberReplacer:6"): (
        "shared-number",
        "5 km capital limit becomes 6: as above (the København scenario is far from the limit)",
    ),
    (R, "28:NumberReplacer:10"): (
        "shared-number",
        "Frederiksberg (147) loses the 5 km limit: oracle reads the same set; scenarios test København only",
    ),
    (R, "28:NumberReplacer:11"): ("shared-number", "Frederiksberg loses the 5 km limit (146 instead of 147)"),
    (R, "28:NumberReplacer:12"): ("shared-number", "Tårnby (185) loses the 5 km limit"),
    (R, "28:NumberReplacer:13"): ("shared-number", "Tårnby loses the 5 km limit (184)"),
    (R, "28:NumberReplacer:14"): ("shared-number", "Dragør (155) loses the 5 km limit"),
    (R, "28:NumberReplacer:15"): ("shared-number", "Dragør loses the 5 km limit (154)"),
    (R, "38:NumberReplacer:21"): ("shared-number", "group lock 364 days (366 was caught by a scenario)"),
    (R, "39:NumberReplacer:22"): ("shared-number", "free change after a move 31 days"),
    (R, "39:NumberReplacer:23"): ("shared-number", "free change after a move 29 days"),
    (R, "40:NumberReplacer:24"): ("shared-number", "free own doctor after turning 15: 61 days"),
    (R, "40:NumberReplacer:25"): ("shared-number", "free own doctor after turning 15: 59 days"),
}
