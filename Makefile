# The two commands of the README: `make run` (bootstrap, build, the main job) and `make test` (bootstrap,
# build, the whole suite, also under AddressSanitizer and UndefinedBehaviorSanitizer, and on the test cluster).
BUILD_DIR ?= build
SANITIZE_BUILD_DIR ?= build-sanitize
JOBS ?= $(shell nproc)

.PHONY: all bootstrap bootstrap-cluster build build-sanitize run test test-sanitize test-fuzz install clean format tidy

all: build

bootstrap:
	@scripts/bootstrap.sh

# What the test cluster runs on (scripts/cluster.sh): built once, then cached with the downloads.
bootstrap-cluster: bootstrap
	@scripts/bootstrap.sh --cluster

# Line tables only (-g1): backtraces keep file and line, and the build takes about a third less time.
build: bootstrap
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# One clang build serves the sanitizer tier and the fuzzers: the library carries ASan, UBSan and the
# fuzzers' coverage hooks (which plain binaries ignore), the fuzz targets link libFuzzer's main.
# It builds what its tier runs: the CLI, the unit tests and (test-fuzz) the fuzz targets.
build-sanitize: bootstrap
	@CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DSPARKMV_SANITIZE=ON -DSPARKMV_BUILD_FUZZERS=ON >/dev/null
	@cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS) --target sparkmv sparkmv_unit_tests

run: build
	@scripts/run.sh $(BUILD_DIR)/src/sparkmv

# The sanitizer build runs the fast tiers, the fuzzers run about 30 s each, and the normal build runs
# everything (the cluster tier included) and prints ctest's summary last.
test: test-sanitize test-fuzz build bootstrap-cluster
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-fuzz: build-sanitize
	@fuzz/run.sh $(SANITIZE_BUILD_DIR)

test-sanitize: build-sanitize
	@ctest --test-dir $(SANITIZE_BUILD_DIR) --output-on-failure -j $(JOBS) -L unit

install: build
	@cmake --install $(BUILD_DIR)

format:
	@git ls-files -co --exclude-standard -- '*.cpp' '*.hpp' | xargs clang-format -i

# clang-tidy over every source with the checks in .clang-tidy (a few minutes on 2 cores).
tidy: build
	@git ls-files -- 'src/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD_DIR) --quiet

clean:
	@rm -rf $(BUILD_DIR) $(SANITIZE_BUILD_DIR)
