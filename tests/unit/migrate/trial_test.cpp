// `migrate trial`'s refusals, which need no stack (the runs themselves are the e2e test e2e.migrate).
#include "migrate/trial.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "migrate_support.hpp"

namespace sparkmv::migrate {
namespace {

TEST(Trial, UnknownJobNoStackAndAConnectJobOn35AreRefused) {
  testing::Scratch scratch;
  TrialOptions options;
  options.jobs = scratch.files().jobs;
  options.state_dir = scratch.root() / "no-stack";
  EXPECT_THROW(run_trial("nope", options), InputError);
  // churn-features is a Connect job pinned to 4.1: its shadow run would need Connect on 3.5.
  const auto connect = run_trial("churn-features", options);
  EXPECT_NE(connect.refusal.find("cannot run on 3.5"), std::string::npos) << connect.refusal;
  EXPECT_FALSE(connect.base.has_value());
  try {
    run_trial("daily-revenue", options);
    FAIL() << "ran without a stack";
  } catch (const EnvironmentError& e) {
    EXPECT_NE(std::string(e.what()).find("run `sparkmv up` first"), std::string::npos) << e.what();
  }
  // Nothing was journaled by refusals.
  EXPECT_FALSE(std::filesystem::exists(scratch.files().journal()));
}

}  // namespace
}  // namespace sparkmv::migrate
