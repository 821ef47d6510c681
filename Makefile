# Thin wrappers; the scripts are the source of truth.
.PHONY: run test bench
run:
	./scripts/run
test:
	./scripts/test
bench:
	./scripts/bench
