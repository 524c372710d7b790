# The two commands of the README: `make run` (bootstrap, build, the main job) and `make test` (bootstrap,
# build, the whole suite, also under AddressSanitizer and UndefinedBehaviorSanitizer).
BUILD_DIR ?= build
SANITIZE_BUILD_DIR ?= build-sanitize
JOBS ?= $(shell nproc)

.PHONY: all bootstrap build build-sanitize run test test-sanitize test-fuzz install clean format tidy

all: build

bootstrap:
	@scripts/bootstrap.sh

build: bootstrap
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-sanitize: bootstrap
	@cmake -S . -B $(SANITIZE_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSPARKMV_SANITIZE=ON >/dev/null
	@cmake --build $(SANITIZE_BUILD_DIR) -j $(JOBS)

run: build
	@scripts/run.sh $(BUILD_DIR)/src/sparkmv

# The sanitizer build runs the fast tiers, the fuzzers run about 30 s each, and the normal build runs
# everything and prints ctest's summary last.
test: test-sanitize test-fuzz build
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-fuzz: bootstrap
	@fuzz/run.sh build-fuzz

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
	@rm -rf $(BUILD_DIR) $(SANITIZE_BUILD_DIR) build-fuzz
