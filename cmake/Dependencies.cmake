# Every dependency comes from Debian packages installed by scripts/bootstrap.sh.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBYAML REQUIRED IMPORTED_TARGET yaml-0.1)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
find_package(EXPAT REQUIRED)
# Event-log codecs and S3 access (src/eventlog); Debian ships pkg-config files for each.
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(LZ4 REQUIRED IMPORTED_TARGET liblz4)
pkg_check_modules(SNAPPY REQUIRED IMPORTED_TARGET snappy)
pkg_check_modules(LZF REQUIRED IMPORTED_TARGET liblzf)
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
# SigV4 signing of S3 requests (src/eventlog/s3): SHA-256 and HMAC-SHA256 from libssl-dev.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
# Metastore checks and the local stack's PostgreSQL bootstrap (src/stack).
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)

