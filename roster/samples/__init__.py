"""Teams to try the app on: the demo team and large synthetic teams for benchmarks."""
