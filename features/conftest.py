"""Makes the step library available to every feature file; nothing else belongs here."""

from features.steps.tid import *  # noqa: F401,F403
from features.steps.borgere import *  # noqa: F401,F403
from features.steps.praksis import *  # noqa: F401,F403
from features.steps.flytning import *  # noqa: F401,F403
from features.steps.laegevalg import *  # noqa: F401,F403
from features.steps.sikringsgruppe import *  # noqa: F401,F403
from features.steps.sundhedskort import *  # noqa: F401,F403
from features.steps.cpr_haendelser import *  # noqa: F401,F403
from features.steps.naboer import *  # noqa: F401,F403
from features.steps.fejl import *  # noqa: F401,F403
from features.steps.udforskning import *  # noqa: F401,F403
from features.steps.minlog import *  # noqa: F401,F403
from features.steps.certifikater import *  # noqa: F401,F403
