#pragma once
// The `sixia` sub-commands. Each is a thin adapter: read flags, call app use cases,
// print the result. Exit codes: 0 ok, 1 failure, 2 usage error, 3 audit chain broken.

#include <CLI/CLI.hpp>

namespace sixia::cli {

// Adds every sub-command to `app`; the chosen one runs from its callback and stores its
// exit code in `exit_code`.
void AddCommands(CLI::App& app, int& exit_code);

}  // namespace sixia::cli
