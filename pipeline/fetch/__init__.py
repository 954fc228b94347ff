"""Bytes in, archive out: HTTP with politeness, encodings, the raw archive and the crawl loop."""
