"""Random readable names, `adjective-color-animal` like ModelDB's (e.g. `brave-teal-otter`).

Our own word lists: 48 x 32 x 64 = 98,304 names, enough for suggestions (callers that need uniqueness
check it themselves).
"""

from __future__ import annotations

import secrets


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


ADJECTIVES = _words(
    "agile bold brave bright calm clever cosy curious daring eager fair fancy fast fierce fond gentle "
    "glad grand happy hardy honest humble jolly keen kind lively loyal lucky merry mighty modest neat "
    "nimble noble patient plucky polite proud quick quiet rapid shy smart steady swift tidy vivid witty"
)
COLORS = _words(
    "amber azure beige black blue bronze brown coral crimson cyan gold gray green indigo ivory jade "
    "lemon lilac lime magenta maroon navy olive orange peach pink plum purple red silver teal white"
)
ANIMALS = _words(
    "ant badger bat bear beaver bee bison camel cat cheetah crab crane crow deer dingo dog dolphin dove "
    "duck eagle eel elk falcon ferret finch fox frog gecko goat goose hare hawk heron horse ibis jackal "
    "koala lemur lion llama lynx marten mole moose mouse newt otter owl panda parrot puffin quail rabbit "
    "raven seal shark sloth swan tiger toad trout turtle whale wolf"
)


def random_name() -> str:
    return "-".join(secrets.choice(words) for words in (ADJECTIVES, COLORS, ANIMALS))
