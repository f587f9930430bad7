# Thin shortcuts so nobody memorises flags. Every target that runs Maven uses the JDK .ci/run picks (>= 21).
.PHONY: help up test fmt build clean bench

JAVA_HOME := $(shell .ci/run --java-home)
export JAVA_HOME
MVNW := ./mvnw -B

help:
	@echo "make up     run the platform in one process: embedded Kafka + PostgreSQL, then every service"
	@echo "            (text writer :5001, embeddings :5003, request events :8080) (./sluice up)"
	@echo "make test   build and run every test, as CI does (.ci/run = ./mvnw -B verify): unit and integration"
	@echo "            tests, Spotless check, enforcer (module graph) and dependency:analyze"
	@echo "make fmt    format the Java sources (Spotless, palantir-java-format)"
	@echo "make build  build sluice-app/target/sluice.jar and its lib/, no tests"
	@echo "make clean  delete build output (target/); ./data is kept"
	@echo "make bench  ingest benchmark (./sluice bench ingest); the others: docs/benchmarks.md"
	@echo "Modules and what may depend on what: README.md, Architecture."

up:
	./sluice up

test:
	.ci/run

fmt:
	$(MVNW) spotless:apply

build:
	$(MVNW) -DskipTests -Dspotless.check.skip=true package

clean:
	$(MVNW) clean

# The ingest benchmark with its defaults; other benchmarks and options: docs/benchmarks.md.
bench:
	./sluice bench ingest
