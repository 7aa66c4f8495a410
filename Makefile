# lfm-engine build. Finds a JDK >= 22 itself (bin/find-jdk: JAVA_HOME if it qualifies, else /usr/lib/jvm/*).
# Maven is the version ./mvnw pins (.mvn/wrapper/maven-wrapper.properties), fetched from Maven Central once.
#   make train   build everything and train on the built-in default data (writes runs/<name>/)
#   make test    build the native part where nvcc exists, then run every test (what .ci/run runs);
#                ends with one line: tests run, passed, failed, skipped (and why), seconds
#   make native  build the CUDA kernel library (skipped with a notice where nvcc is absent)
#   make package build target/lfm-engine.jar (main code compiles with javac -Xlint:all -Werror and Error Prone:
#                a finding fails the build, so make test too)
#   make dist    self-contained dist/lfm/ (jlink runtime + jar + kernel library + bin/lfm)
#   make bench   run `lfm bench` (CPU workloads)
#   make format-check / make format   palantir-java-format through Spotless: check (make test's first step) / rewrite

SHELL := /bin/bash
JDK := $(shell bin/find-jdk 2>/dev/null)
export JAVA_HOME := $(JDK)
MVN := ./mvnw -B -q

.PHONY: all jdk native package train test dist bench format-check format clean

all: native package

jdk:
	@if [ -z "$(JDK)" ]; then bin/find-jdk; exit 1; fi
	@echo "using JDK at $(JDK)"

native:
	@$(MAKE) --no-print-directory -C native

package: jdk
	$(MVN) package -DskipTests

train: native package
	bin/lfm train

# Checks the formatting first (one line and a failure when a file is not formatted); the last line is the
# summary (bin/TestSummary.java reads Surefire's reports of this run), pass or fail.
test: jdk native
	@mkdir -p target; ./mvnw -B -q spotless:check > target/format-check.txt 2>&1 \
	  || { echo "make test: Java files are not formatted (palantir-java-format; see target/format-check.txt): run 'make format'"; exit 1; }
	@$(MAKE) --no-print-directory -C native test
	@rm -rf target/surefire-reports; start=$$(date +%s); \
	  echo "$(MVN) test"; $(MVN) test; status=$$?; \
	  "$(JDK)/bin/java" bin/TestSummary.java target/surefire-reports $$(( $$(date +%s) - start )); exit $$status

dist: native package
	@bin/make-dist

bench: native package
	bin/lfm bench

format-check: jdk
	./mvnw -B -q spotless:check

format: jdk
	./mvnw -B -q spotless:apply

clean:
	rm -rf target dist
	@$(MAKE) --no-print-directory -C native clean
