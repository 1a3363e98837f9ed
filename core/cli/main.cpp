// loyalty: the engine on the command line, for batch jobs.
// Exit status: 0 success, 2 bad input or usage (message on stderr, nothing on
// stdout), 1 failure to write the output.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "loyalty/program.hpp"
#include "loyalty/statement.hpp"
#include "loyalty/version.hpp"

namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kBadInput = 2;

constexpr const char* kMainHelp = R"(loyalty - the loyalty points engine for batch jobs

Usage:
  loyalty statement --program FILE [--from YYYY-MM] [--to YYYY-MM] FILE|-
  loyalty --help | --version
  loyalty COMMAND --help

Commands:
  statement   points per customer per calendar month, and in total, from a
              transaction log (JSON or CSV)

Exit status: 0 on success; 2 on bad input or usage, with a message on stderr
naming the file and the line (CSV) or index and field (JSON), and nothing on
stdout.
)";

constexpr const char* kStatementHelp = R"(loyalty statement - reward points per customer per month

Usage:
  loyalty statement --program FILE [--from YYYY-MM] [--to YYYY-MM] FILE|-

Reads a transaction log from FILE, or from standard input when FILE is '-':
  JSON  an array of {"id", "customer", "date", "amount"} objects (other fields
        are allowed and ignored)
  CSV   a header naming the columns id,customer,date,amount (extra columns
        allowed), then one transaction a line
The format is taken from the extension (.json, .csv), else from the content.
Dates are YYYY-MM-DD or RFC 3339 timestamps; a transaction's month is the date
as written. Amounts are exact decimals (numbers or strings) in the program's
currency.

Options:
  --program FILE   the program document (rules), e.g. core/programs/classic.json
  --from YYYY-MM   first month to include (inclusive)
  --to YYYY-MM     last month to include (inclusive)
                   With a range, transactions outside it are left out and every
                   listed customer gets every month of it, zero-filled.
  --help           this text

Output (JSON on stdout):
  {"customers":[{"customer":"c1","months":[{"month":"2026-01","points":90,...}],
    "total":90,...}],"warnings":[...],...}
Customers are sorted by id and months ascending. A repeated transaction id
counts once and is reported in "warnings".
)";

std::optional<std::string> read_file(const std::string& path, std::string& error) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return std::move(buffer).str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open (" + std::strerror(errno) + ")";
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = path + ": read error";
    return std::nullopt;
  }
  return text;
}

int fail(std::string_view command, const std::string& message) {
  std::cerr << "loyalty " << command << ": " << message << "\n";
  return kBadInput;
}

int fail(std::string_view command, const loyalty::Error& error) {
  return fail(command, error.describe() + " [" + std::string(loyalty::error_code_name(error.code)) +
                           "]");
}

int usage(std::string_view command, const std::string& message) {
  std::cerr << "loyalty " << command << ": " << message << "\n"
            << "Try 'loyalty " << command << " --help'.\n";
  return kBadInput;
}

int write_out(const std::string& text) {
  std::cout << text;
  std::cout.flush();
  return std::cout ? kOk : kFailed;
}

int run_statement(const std::vector<std::string>& args) {
  std::optional<std::string> program_path, input_path, from_text, to_text;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto take_value = [&](std::optional<std::string>& slot) -> bool {
      if (i + 1 >= args.size()) return false;
      slot = args[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") return write_out(kStatementHelp);
    if (arg == "--program" || arg == "--from" || arg == "--to") {
      auto& slot = arg == "--program" ? program_path : arg == "--from" ? from_text : to_text;
      if (slot) return usage("statement", arg + " is given twice");
      if (!take_value(slot)) return usage("statement", arg + " needs a value");
    } else if (arg.rfind("--", 0) == 0) {
      return usage("statement", "unknown option " + arg);
    } else if (input_path) {
      return usage("statement", "only one transaction log can be given (found " + *input_path +
                                    " and " + arg + ")");
    } else {
      input_path = arg;
    }
  }
  if (!program_path) return usage("statement", "--program FILE is required");
  if (!input_path) return usage("statement", "a transaction log FILE (or - for stdin) is required");

  loyalty::StatementOptions options;
  for (auto [text, slot, flag] : {std::tuple{&from_text, &options.from, "--from"},
                                  std::tuple{&to_text, &options.to, "--to"}}) {
    if (!*text) continue;
    auto month = loyalty::parse_year_month(**text);
    if (!month) return usage("statement", std::string(flag) + ": " + month.error().message);
    *slot = *month;
  }

  std::string read_error;
  auto program_text = read_file(*program_path, read_error);
  if (!program_text) return fail("statement", read_error);
  auto program = loyalty::parse_program(*program_text, *program_path);
  if (!program) return fail("statement", program.error());

  auto log_text = read_file(*input_path, read_error);
  if (!log_text) return fail("statement", read_error);
  const std::string source = *input_path == "-" ? "<stdin>" : *input_path;
  const auto format = loyalty::detect_log_format(*input_path == "-" ? "" : *input_path, *log_text);
  auto statement = loyalty::compute_statement(*program, *log_text, format, source, options);
  if (!statement) return fail("statement", statement.error());
  return write_out(loyalty::render_statement_json(*statement));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kMainHelp;
    return kBadInput;
  }
  const std::string& command = args.front();
  if (command == "--help" || command == "-h" || command == "help") return write_out(kMainHelp);
  if (command == "--version") return write_out(std::string("loyalty ") + loyalty::kVersion + "\n");
  if (command == "statement") return run_statement({args.begin() + 1, args.end()});
  std::cerr << "loyalty: unknown command '" << command << "'\nTry 'loyalty --help'.\n";
  return kBadInput;
}
