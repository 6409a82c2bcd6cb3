#include "versions/models_command.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/error.h"

namespace strata::versions {

namespace {

// A pipe whose ends close themselves.
struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void close_end(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

std::string quoted(const std::string& command) { return "models command `" + command + "`"; }

[[noreturn]] void cannot_start(const std::string& where, const std::string& command, const std::string& why) {
  throw core::ScriptError(where + ": " + quoted(command) + " cannot be started: " + why);
}

// In the child: tells the parent why exec failed, as an errno on REPORT.
[[noreturn]] void child_failed(int report, int code) {
  ssize_t ignored = ::write(report, &code, sizeof code);
  (void)ignored;
  ::_exit(127);
}

// In the child, between fork and exec: only async-signal-safe calls. A
// failure is reported to the parent as an errno on REPORT (close-on-exec, so
// a successful exec closes it without a word).
[[noreturn]] void exec_child(const char* command, const char* dir, char* const* envp, int out, int err, int report) {
  int null = ::open("/dev/null", O_RDONLY);
  if (null < 0 || ::dup2(null, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 || ::dup2(err, STDERR_FILENO) < 0)
    child_failed(report, errno);
  if (::chdir(dir) != 0) child_failed(report, errno);
  const char* argv[] = {"sh", "-c", command, nullptr};
  ::execve("/bin/sh", const_cast<char* const*>(argv), envp);
  child_failed(report, errno);
}

// Reads OUT and ERR until both are closed.
void drain(int out, int err, CommandOutput& result) {
  std::vector<pollfd> fds = {{out, POLLIN, 0}, {err, POLLIN, 0}};
  std::string* targets[] = {&result.out, &result.err};
  char buffer[65536];
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw core::DatabaseError(std::string("poll failed: ") + std::strerror(errno));
    }
    for (size_t i = 0; i < fds.size(); ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;  // closed (or unreadable): poll ignores negative descriptors
        continue;
      }
      targets[i]->append(buffer, static_cast<size_t>(n));
    }
  }
}

}  // namespace

std::string last_lines(const std::string& text, size_t max_lines) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  while (!lines.empty() && lines.back().find_first_not_of(" \t\r") == std::string::npos) lines.pop_back();
  size_t first = lines.size() > max_lines ? lines.size() - max_lines : 0;
  std::string out;
  if (first > 0) out += "  (" + std::to_string(first) + " earlier lines left out)\n";
  for (size_t i = first; i < lines.size(); ++i) {
    std::string line = lines[i];
    if (line.size() > 200) line = line.substr(0, 200) + " ...";
    out += "  " + line + "\n";
  }
  if (!out.empty()) out.pop_back();
  return out;
}

CommandOutput run_models_command(const std::string& command, const std::string& dir, const std::string& where,
                                 const std::vector<std::pair<std::string, std::string>>& environment) {
  // The child's environment is built here: setenv is not safe after fork.
  std::vector<std::string> variables;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : environment) replaced = replaced || entry.rfind(name + "=", 0) == 0;
    if (!replaced) variables.push_back(entry);
  }
  for (const auto& [name, value] : environment) variables.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& v : variables) envp.push_back(v.data());
  envp.push_back(nullptr);

  Pipe out, err, report;
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0 || ::pipe2(report.fd, O_CLOEXEC) != 0)
    cannot_start(where, command, std::string("no pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) cannot_start(where, command, std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) exec_child(command.c_str(), dir.c_str(), envp.data(), out.fd[1], err.fd[1], report.fd[1]);
  out.close_end(1);
  err.close_end(1);
  report.close_end(1);

  CommandOutput result;
  std::string failure;
  try {
    drain(out.fd[0], err.fd[0], result);
  } catch (const core::Error& e) {
    failure = e.what();
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int child_errno = 0;
  if (::read(report.fd[0], &child_errno, sizeof child_errno) == static_cast<ssize_t>(sizeof child_errno))
    cannot_start(where, command, "/bin/sh in " + dir + ": " + std::strerror(child_errno));
  if (!failure.empty()) cannot_start(where, command, failure);

  std::string how;
  if (WIFSIGNALED(status)) {
    how = "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    how = "failed with exit status " + std::to_string(WEXITSTATUS(status));
    int code = WEXITSTATUS(status);
    if (code == 127) how += " (command not found?)";
    // How a shell reports a command of its own that a signal ended.
    if (code > 128 && code < 128 + 65) how += " (killed by signal " + std::to_string(code - 128) + "?)";
  } else {
    return result;
  }
  std::string message = where + ": " + quoted(command) + " " + how;
  std::string tail = last_lines(result.err);
  message += tail.empty() ? " and printed nothing on stderr" : "; its stderr:\n" + tail;
  throw core::ScriptError(message);
}

}  // namespace strata::versions
