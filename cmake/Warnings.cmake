# Warnings are errors for our own targets only; third-party headers come in as SYSTEM.
add_library(sparkmv_warnings INTERFACE)
target_compile_options(sparkmv_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor -Wold-style-cast
  -Woverloaded-virtual -Wimplicit-fallthrough)
