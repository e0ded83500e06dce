#include "tests/support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tandem::testing {
namespace {

std::string temp_path(const std::string& stem) {
  std::string pattern = "/tmp/tandem-test-" + stem + "-XXXXXX";
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return pattern;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

/// argv and envp for execvpe, built before fork: after fork, a child of a threaded parent
/// may only call async-signal-safe functions.
struct ExecArguments {
  std::vector<std::string> environment;
  std::vector<char*> argv;
  std::vector<char*> envp;

  ExecArguments(const std::vector<std::string>& args, const std::vector<std::string>& extra) {
    for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
    for (const auto& added : extra) {
      const auto name = added.substr(0, added.find('=') + 1);
      std::erase_if(environment, [&](const std::string& e) { return e.starts_with(name); });
      environment.push_back(added);
    }
    for (const auto& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    for (auto& entry : environment) envp.push_back(entry.data());
    envp.push_back(nullptr);
  }
};

[[noreturn]] void exec_child(ExecArguments& exec) {
  // Tests block SIGTERM/SIGINT like main() does; children must see them again.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  execvpe(exec.argv[0], exec.argv.data(), exec.envp.data());
  _exit(127);
}

void redirect(int fd, const std::string& path, int flags) {
  const int file = open(path.c_str(), flags, 0644);
  dup2(file, fd);
  close(file);
}

int decode_status(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv,
                           std::vector<std::string> extra_environment)
    : output_path_(temp_path("child")) {
  ExecArguments exec(argv, extra_environment);
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    redirect(STDIN_FILENO, "/dev/null", O_RDONLY);
    redirect(STDOUT_FILENO, output_path_, O_WRONLY | O_TRUNC);
    dup2(STDOUT_FILENO, STDERR_FILENO);
    exec_child(exec);
  }
}

ChildProcess::~ChildProcess() {
  if (running()) {
    signal(SIGKILL);
    wait(std::chrono::seconds(5));
  }
  unlink(output_path_.c_str());
}

void ChildProcess::signal(int number) {
  if (pid_ > 0 && !exit_code_) kill(pid_, number);
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exit_code_) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = decode_status(status);
    } else if (std::chrono::steady_clock::now() >= deadline) {
      break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  return exit_code_;
}

bool ChildProcess::running() { return !wait(std::chrono::milliseconds{0}).has_value(); }

std::string ChildProcess::output() const { return read_all(output_path_); }

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input,
                          std::chrono::milliseconds timeout) {
  const std::string in_path = temp_path("in");
  const std::string out_path = temp_path("out");
  const std::string err_path = temp_path("err");
  std::ofstream(in_path) << input;
  ExecArguments exec(argv, {});
  const pid_t pid = fork();
  if (pid == 0) {
    redirect(STDIN_FILENO, in_path, O_RDONLY);
    redirect(STDOUT_FILENO, out_path, O_WRONLY | O_TRUNC);
    redirect(STDERR_FILENO, err_path, O_WRONLY | O_TRUNC);
    exec_child(exec);
  }
  CommandResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) != pid) {
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.exit_code = decode_status(status);
  result.out = read_all(out_path);
  result.err = read_all(err_path);
  for (const auto& path : {in_path, out_path, err_path}) unlink(path.c_str());
  return result;
}

}  // namespace tandem::testing
