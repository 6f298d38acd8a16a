"""An English stopword list, shipped with the package (no NLTK download).

Function words, pronouns, auxiliaries and their contractions (with straight apostrophes, as
in ``tokens.norm``), plus the fillers of spoken English ("um", "uh", "yeah", "okay"). Used to
filter n-grams, to pick content words, and as the stopword table to anti-join, tidytext style:

>>> "the" in STOPWORDS, "outlast" in STOPWORDS, "can't" in STOPWORDS
(True, False, True)
>>> stopword_table().columns.tolist()
['norm']
"""

from __future__ import annotations

import pandas as pd

_WORDS = """
a about above after again against ain't all am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
i'm i've if in into is isn't it it's its itself let's me more most mustn't my myself no nor
not of off on once only or other ought our ours ourselves out over own same shan't she she'd
she'll she's should shouldn't so some such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those through to too under
until up very was wasn't we we'd we'll we're we've were weren't what what's when when's where
where's which while who who's whom why why's will with won't would wouldn't you you'd you'll
you're you've your yours yourself yourselves also just now well like get got going gonna
wanna say said says one two us may might must shall let lot lots really thing things way
even still yet back much many every another something anything nothing everything someone
anyone everyone um uh yeah yes okay ok oh mr ms mrs dr sir ma'am s t don re ve ll d m
""".split()

#: English stopwords, lower case, straight apostrophes.
STOPWORDS: frozenset[str] = frozenset(_WORDS)


#: scikit-learn's English stopword list (``ENGLISH_STOP_WORDS``, from the Glasgow Information
#: Retrieval Group; BSD licence), copied so that using it does not import scikit-learn
#: (1.3 s); a test checks the copy against the original.
_GLASGOW = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg
eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty
found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
inc indeed interest into is it its itself keep last latter latterly least less ltd made many
may me meanwhile might mill mine more moreover most mostly move much must my myself name
namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such system take ten than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they thick thin third this
those though three through throughout thru thus to together too top toward towards twelve
twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
""".split()

GLASGOW: frozenset[str] = frozenset(_GLASGOW)


def stopword_table() -> pd.DataFrame:
    """The stopwords as a one-column table (``norm``), to anti-join with ``corpus.tokens``."""
    return pd.DataFrame({"norm": sorted(STOPWORDS)}, dtype="str")
