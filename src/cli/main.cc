// sixia — 四下基层工作平台. See README.md and `sixia --help`.
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "cli/commands.h"

int main(int argc, char** argv) {
  // Logs go to stderr so that stdout carries only command output (tokens, reports).
  spdlog::set_default_logger(spdlog::stderr_color_mt("sixia"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  CLI::App app{"sixia — 四下基层工作平台 (grassroots petition and field-work platform)", "sixia"};
  app.require_subcommand(1);
  int exit_code = 0;
  sixia::cli::AddCommands(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return exit_code;
}
