# Every dependency comes from Debian packages installed by scripts/bootstrap.sh.
find_package(PkgConfig REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
find_package(EXPAT REQUIRED)

