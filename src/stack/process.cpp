#include "stack/process.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/errors.hpp"

extern char** environ;

namespace sparkmv::stack {

namespace {

struct Identity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;
};

Identity identity_of(const std::string& user) {
  std::vector<char> buffer(16384);
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwnam_r(user.c_str(), &pw, buffer.data(), buffer.size(), &found) != 0 || found == nullptr) {
    throw EnvironmentError(fmt::format("user '{}' does not exist", user));
  }
  Identity id{pw.pw_uid, pw.pw_gid, {}};
  int count = 64;
  id.groups.resize(static_cast<std::size_t>(count));
  if (::getgrouplist(user.c_str(), pw.pw_gid, id.groups.data(), &count) < 0) {
    id.groups.resize(static_cast<std::size_t>(count));
    ::getgrouplist(user.c_str(), pw.pw_gid, id.groups.data(), &count);
  }
  id.groups.resize(static_cast<std::size_t>(count));
  return id;
}

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const auto n = ::write(fd, s.data() + done, s.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

std::map<std::string, std::string> environment_with(const std::map<std::string, std::string>& overrides,
                                                    const std::vector<std::string>& removed) {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string entry(*e);
    const auto eq = entry.find('=');
    if (eq != std::string::npos) env[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  for (const auto& name : removed) env.erase(name);
  for (const auto& [k, v] : overrides) env[k] = v;
  return env;
}

Child::Child(const LaunchSpec& spec) {
  if (spec.argv.empty()) throw std::logic_error("Child: empty argv");
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : spec.env) env_strings.push_back(k + "=" + v);
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::optional<Identity> become;
  if (spec.run_as && ::geteuid() == 0) become = identity_of(*spec.run_as);
  const std::string log = spec.log.empty() ? std::string("/dev/null") : spec.log.string();
  const std::string cwd = spec.cwd.empty() ? std::string("/") : spec.cwd.string();
  // Opened here, as the caller, so a log under a directory the target user cannot write still works.
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (log_fd < 0) throw EnvironmentError(fmt::format("{}: cannot open log: {}", log, std::strerror(errno)));
  const std::string exec_error = "sparkmv: cannot execute " + spec.argv[0] + ": ";

  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    throw EnvironmentError(fmt::format("fork failed: {}", std::strerror(errno)));
  }
  if (pid == 0) {
    ::setsid();
    const int null_fd = ::open("/dev/null", O_RDONLY);
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close_range(3, ~0U, 0);
    ::signal(SIGPIPE, SIG_DFL);
    if (become) {
      if (::setgroups(become->groups.size(), become->groups.data()) != 0 || ::setgid(become->gid) != 0 ||
          ::setuid(become->uid) != 0) {
        write_all(STDERR_FILENO, "sparkmv: cannot switch user\n");
        ::_exit(126);
      }
    }
    if (::chdir(cwd.c_str()) != 0) {
      write_all(STDERR_FILENO, "sparkmv: cannot enter " + cwd + "\n");
      ::_exit(126);
    }
    ::execve(argv[0], argv.data(), envp.data());
    write_all(STDERR_FILENO, exec_error + std::strerror(errno) + "\n");
    ::_exit(127);
  }
  ::close(log_fd);
  pid_ = pid;
}

Child::Child(Child&& other) noexcept
    : pid_(other.pid_), reaped_(other.reaped_), released_(other.released_), status_(other.status_) {
  other.pid_ = -1;
}

Child::~Child() {
  if (pid_ <= 0 || reaped_ || released_) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::optional<int> Child::wait_until(Clock::time_point deadline) {
  if (reaped_) return decode_status(status_);
  for (;;) {
    const pid_t r = ::waitpid(pid_, &status_, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      return decode_status(status_);
    }
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int run_to_completion(const LaunchSpec& spec, std::chrono::milliseconds timeout, const std::string& what) {
  Child child(spec);
  const auto status = child.wait_until(Clock::now() + timeout);
  if (!status) {
    throw EnvironmentError(fmt::format("{} did not finish within {} s", what,
                                       std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
  }
  return *status;
}

std::optional<pid_t> read_pid_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  long pid = 0;
  if (!(in >> pid) || pid <= 1 || pid > 1L << 22) return std::nullopt;
  return static_cast<pid_t>(pid);
}

void write_pid_file(const std::filesystem::path& path, pid_t pid) {
  std::ofstream out(path, std::ios::trunc);
  out << pid << '\n';
  if (!out.flush()) throw EnvironmentError(fmt::format("{}: cannot write pid file", path.string()));
}

bool process_alive(pid_t pid) {
  if (pid <= 1) return false;
  // Reaps it when it is our own child that has exited (no-op otherwise).
  int status = 0;
  ::waitpid(pid, &status, WNOHANG);
  if (::kill(pid, 0) != 0 && errno != EPERM) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size()) return false;
  const char state = line[close + 2];
  return state != 'Z' && state != 'X';
}

bool process_matches(pid_t pid, const std::string& token) {
  if (!process_alive(pid)) return false;
  std::ifstream in("/proc/" + std::to_string(pid) + "/cmdline", std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string cmdline = buffer.str();
  for (auto& c : cmdline) {
    if (c == '\0') c = ' ';
  }
  return cmdline.find(token) != std::string::npos;
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

bool stop_process(pid_t pid, int signal, std::chrono::milliseconds grace) {
  const auto gone_by = [pid](Clock::time_point deadline) {
    while (process_alive(pid)) {
      if (Clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return true;
  };
  if (!process_alive(pid)) return true;
  ::kill(pid, signal);
  if (gone_by(Clock::now() + grace)) return true;
  ::kill(pid, SIGKILL);
  return gone_by(Clock::now() + std::chrono::seconds(10));
}

std::string tail_of(const std::filesystem::path& path, std::size_t lines) {
  std::ifstream in(path);
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

}  // namespace sparkmv::stack
