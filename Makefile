# Thin wrappers; the scripts are the source of truth.
.PHONY: build run test bench size keystroke-bench memory-bench embed-timing fuzz
build:
	./scripts/build
run:
	./scripts/run
test:
	./scripts/test
bench:
	./scripts/bench
size:
	./scripts/size
keystroke-bench:
	./scripts/keystroke-bench
memory-bench:
	./scripts/memory-bench
embed-timing:
	./scripts/embed-timing
fuzz:
	./scripts/fuzz
