#include "kube/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace sparkmv::kube {

namespace {

using Clock = std::chrono::steady_clock;

// A pipe whose ends close themselves.
struct Pipe {
  std::array<int, 2> fd{-1, -1};
  Pipe() {
    if (::pipe2(fd.data(), O_CLOEXEC) != 0) throw std::runtime_error(std::strerror(errno));
  }
  ~Pipe() { close_both(); }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  void close_end(int i) {
    const auto index = static_cast<std::size_t>(i);
    if (fd[index] >= 0) ::close(fd[index]);
    fd[index] = -1;
  }
  void close_both() {
    close_end(0);
    close_end(1);
  }
  int release(int i) {
    const auto index = static_cast<std::size_t>(i);
    const int value = fd[index];
    fd[index] = -1;
    return value;
  }
};

std::vector<char*> c_argv(const std::vector<std::string>& argv) {
  std::vector<char*> out;
  out.reserve(argv.size() + 1);
  for (const auto& arg : argv) out.push_back(const_cast<char*>(arg.c_str()));
  out.push_back(nullptr);
  return out;
}

// Starts argv in its own process group with the given descriptors as 0, 1, 2. Returns the pid, or -1 with
// errno-style code in `error` when the program cannot be executed.
int spawn(const std::vector<std::string>& argv, int in_fd, int out_fd, int err_fd, int& error) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_fd, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_fd, STDERR_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  pid_t pid = -1;
  auto args = c_argv(argv);
  error = ::posix_spawnp(&pid, argv.front().c_str(), &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  return error == 0 ? pid : -1;
}

int wait_status(int pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

void kill_group(int pid) {
  ::kill(-pid, SIGTERM);
  ::kill(pid, SIGTERM);
}

bool read_into(int fd, std::string& sink) {
  std::array<char, 65536> buffer{};
  const auto n = ::read(fd, buffer.data(), buffer.size());
  if (n > 0) {
    sink.append(buffer.data(), static_cast<std::size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  if (argv.empty()) throw std::invalid_argument("run_process: empty argv");
  Pipe in;
  Pipe out;
  Pipe err;
  int error = 0;
  const int pid = spawn(argv, in.fd[0], out.fd[1], err.fd[1], error);
  ProcessResult result;
  if (pid < 0) {
    result.not_started = true;
    result.err = std::strerror(error);
    return result;
  }
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  ::signal(SIGPIPE, SIG_IGN);

  std::size_t written = 0;
  if (options.input.empty()) in.close_end(1);
  const auto deadline = Clock::now() + options.timeout;
  while (out.fd[0] >= 0 || err.fd[0] >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      result.timed_out = true;
      kill_group(pid);
      break;
    }
    std::array<pollfd, 3> fds{{{out.fd[0], POLLIN, 0}, {err.fd[0], POLLIN, 0}, {in.fd[1], POLLOUT, 0}}};
    const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !read_into(out.fd[0], result.out)) {
      out.close_end(0);
    }
    if ((fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0 && !read_into(err.fd[0], result.err)) {
      err.close_end(0);
    }
    if ((fds[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const auto n = ::write(in.fd[1], options.input.data() + written, options.input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == options.input.size()) in.close_end(1);
    }
  }
  const int status = wait_status(pid);
  if (!result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  if (argv.empty()) throw std::invalid_argument("BackgroundProcess: empty argv");
  Pipe out;
  Pipe err;
  const int null_in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int error = 0;
  pid_ = spawn(argv, null_in, out.fd[1], err.fd[1], error);
  ::close(null_in);
  if (pid_ < 0) {
    err_ = std::strerror(error);
    return;
  }
  out_fd_ = out.release(0);
  err_fd_ = err.release(0);
  ::fcntl(err_fd_, F_SETFL, ::fcntl(err_fd_, F_GETFL) | O_NONBLOCK);
}

BackgroundProcess::~BackgroundProcess() {
  if (pid_ > 0) {
    kill_group(pid_);
    wait_status(pid_);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

std::string BackgroundProcess::wait_for_line(const std::string& marker, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  std::size_t scanned = 0;
  while (out_fd_ >= 0) {
    for (auto end = out_.find('\n', scanned); end != std::string::npos; end = out_.find('\n', scanned)) {
      auto line = out_.substr(scanned, end - scanned);
      scanned = end + 1;
      if (line.find(marker) != std::string::npos) return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) return {};
    pollfd fd{out_fd_, POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(left.count()));
    if (ready > 0 && !read_into(out_fd_, out_)) {
      ::close(out_fd_);
      out_fd_ = -1;
    }
  }
  return {};
}

std::string BackgroundProcess::error_output() {
  std::array<char, 4096> buffer{};
  while (err_fd_ >= 0) {
    const auto n = ::read(err_fd_, buffer.data(), buffer.size());
    if (n <= 0) break;
    err_.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return err_;
}

std::string find_program(const std::string& name) {
  const auto executable = [](const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (name.empty()) return {};
  if (name.find('/') != std::string::npos) return executable(name) ? name : std::string();
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    auto end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const auto dir = dirs.substr(start, end - start);
    const auto candidate = (dir.empty() ? std::string(".") : dir) + "/" + name;
    if (executable(candidate)) return candidate;
    start = end + 1;
  }
  return {};
}

std::string shell_word(const std::string& arg) {
  const bool plain = !arg.empty() && arg.find_first_not_of(
                                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                         "0123456789-_./=:,@%+") == std::string::npos;
  if (plain) return arg;
  std::string quoted = "'";
  for (const char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string shell_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& arg : argv) out += (out.empty() ? "" : " ") + shell_word(arg);
  return out;
}

}  // namespace sparkmv::kube
