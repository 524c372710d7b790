#include "cli/app.hpp"

int main(int argc, char** argv) {
  return sparkmv::cli::run(argc, argv);
}
