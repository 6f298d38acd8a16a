"""transcript-analysis: exploratory analysis of political-speech transcripts.

>>> import analysis
>>> corpus = analysis.load_corpus("data/raw")  # doctest: +SKIP
"""

from .corpus import Corpus
from .decode import LoadError
from .load import load_corpus, parse_text

__all__ = ["Corpus", "LoadError", "load_corpus", "parse_text"]
__version__ = "0.1.0"
