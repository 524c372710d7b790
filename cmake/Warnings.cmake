# Warnings are errors for our own targets only; third-party headers come in as SYSTEM.
add_library(sparkmv_warnings INTERFACE)
target_compile_options(sparkmv_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast
  -Woverloaded-virtual -Wimplicit-fallthrough)
# GCC 12 reports false -Wrestrict overlaps inside libstdc++'s std::string at -O3 (GCC bug 105329); keep the
# warning, but do not fail Release builds on it.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(sparkmv_warnings INTERFACE -Wno-error=restrict)
endif()
