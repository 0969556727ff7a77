"""RingScope on Apache Spark: the data-parallel stages of `ringscope analyze` for marketplaces
larger than one machine, with the single-machine answer. See docs/distributed.md."""
