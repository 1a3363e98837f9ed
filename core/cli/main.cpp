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

#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>
#include <map>

#include "loyalty/documents.hpp"
#include "loyalty/export_mapping.hpp"
#include "loyalty/program.hpp"
#include "loyalty/version.hpp"

namespace {

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kBadInput = 2;

constexpr const char* kMainHelp = R"(loyalty - the loyalty points engine for batch jobs

Usage:
  loyalty statement --program FILE [--from YYYY-MM] [--to YYYY-MM] [--columns MAP]
                    [--date-format FORMAT] [--preset NAME] [--mapping FILE] [--explain] FILE|-
  loyalty balance --program FILE --events FILE --customer ID [--as-of DATE]
  loyalty simulate --program FILE --events FILE --customer ID --cart CART [--as-of DATE]
  loyalty rewards --program FILE --events FILE --customer ID [--as-of DATE] [--cart CART] [--points N]
  loyalty metrics --program FILE [--as-of DATE] FILE|-
  loyalty ways-to-earn --program FILE
  loyalty --help | --version
  loyalty COMMAND --help

Commands:
  statement     points per customer per calendar month, and in total, from a
                transaction log (JSON or CSV) or a shop's own export
  balance       a customer's points, tier, expiring points and history
  simulate      what a cart would earn a customer, by rule, and the balance after
  rewards       each reward's state for a customer: redeemable or why not,
                points range, and what it gives on a cart
  metrics       repeat-purchase rate, retention, lifetime value, points
                liability and breakage over an event log
  ways-to-earn  the program's rules and rewards as structured JSON

Exit status: 0 on success; 2 on bad input or usage, with a message on stderr
naming the file and the line (CSV) or index and field (JSON), and nothing on
stdout.
)";

constexpr const char* kStatementHelp = R"(loyalty statement - reward points per customer per month

Usage:
  loyalty statement --program FILE [--from YYYY-MM] [--to YYYY-MM]
                    [--preset NAME] [--columns MAP] [--date-format FORMAT]
                    [--mapping FILE] [--returns refund|ignore] [--explain] FILE|-

Reads a transaction log from FILE, or from standard input when FILE is '-':
  JSON  an array of {"id", "customer", "date", "amount"} objects (other fields
        are allowed and ignored)
  CSV   a header naming the columns id,customer,date,amount (extra columns
        allowed), then one transaction a line; or a shop's own export
        (below)
The format is taken from the extension (.json, .csv), else from the content.
Dates are YYYY-MM-DD or RFC 3339 timestamps; a transaction's month is the date
as written. Amounts are exact decimals (numbers or strings) in the program's
currency.

A shop's own export needs no preprocessing. A header that is not id,customer,
date,amount is matched against the presets (shopify, woocommerce,
line-items); or say which column is which:
  --columns "id=InvoiceNo,customer=CustomerID,date=InvoiceDate,quantity=Quantity,price=UnitPrice"
Fields: id, customer, date, and either amount (an order's total) or quantity
and price (line items: rows sharing an id are one order, its amount the exact
sum of quantity x price); optional sku, category, currency. A column name
holding a comma is quoted: --columns 'id="Order, no",customer=Email,...'.
  --preset NAME         shopify, woocommerce or line-items (columns given with
                        --columns replace the preset's)
  --date-format FORMAT  tokens YYYY MM DD HH hh mm ss A Z, e.g.
                        "MM/DD/YYYY HH:mm"; default ISO (YYYY-MM-DD, RFC 3339,
                        "YYYY-MM-DD HH:mm[:ss] +HHMM")
  --mapping FILE        the same as JSON: {"preset", "columns": {"id": ...},
                        "date_format", "returns", "cancellation_prefix"}
  --returns refund      a negative line, or an order whose id starts with the
                        cancellation prefix ("C" for line-items), is a refund
                        of the customer's purchases at or before it, latest
                        first (the default); points come back in proportion
  --returns ignore      such rows are skipped and counted in a warning
  --explain             print the mapping used and how many rows were read
                        each way (on stderr)
Rows without a customer (guest orders) are skipped with one warning that
counts them. The statement's "reading" says how the rows were read.

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

// A file's text ("-": stdin), or an `io` error naming the file.
loyalty::Result<std::string> read_file(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return std::move(buffer).str();
  }
  // A directory opens as a stream on Linux and claims an absurd size.
  if (struct stat info {}; stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    return loyalty::Error{loyalty::ErrorCode::io, path, "is a directory, not a file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return loyalty::Error{loyalty::ErrorCode::io, path, std::string("cannot open (") + std::strerror(errno) + ")"};
  }
  // One read into a buffer of the file's size (istreambuf_iterator goes a
  // byte at a time).
  std::string text;
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  if (size > 0) {
    text.resize(static_cast<std::size_t>(size));
    in.seekg(0, std::ios::beg);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
  } else {
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());  // pipes, /dev/stdin
  }
  if (in.bad()) {
    return loyalty::Error{loyalty::ErrorCode::io, path, "read error"};
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

// `text` on stdout, then `end` (documents end their line here: a statement
// for 100k customers is not copied to add one newline).
int write_out(std::string_view text, std::string_view end = "") {
  std::cout << text << end;
  std::cout.flush();
  return std::cout ? kOk : kFailed;
}

// The engine's document on stdout, a line of its own, or its error on stderr.
int print(std::string_view command, const loyalty::Result<std::string>& document) {
  if (!document) return fail(command, document.error());
  return write_out(*document, "\n");
}

constexpr const char* kBalanceHelp = R"(loyalty balance - a customer's points as of a date

Usage:
  loyalty balance --program FILE --events FILE --customer ID [--as-of DATE]

Folds the customer's events in time order up to the end of DATE: JSON
purchases {id, customer, date, amount, items?} and events with a "type",
one of {event-types}
(core/programs/README.md gives their fields), or CSV purchases. DATE is
YYYY-MM-DD (default today in the program's time_zone). Prints JSON with customer, available,
pending, lifetime_earned, redeemed, expired, tier, expiring, history, entries
and warnings. Events that break a rule (a redemption beyond the balance, a
refund of an unknown purchase) are rejected and listed in warnings.
)";

constexpr const char* kSimulateHelp = R"(loyalty simulate - what a cart would earn

Usage:
  loyalty simulate --program FILE --events FILE --customer ID --cart CART [--as-of DATE]

CART is a JSON file, or JSON text starting with '{':
  {"items":[{"sku":"A1","price":"49.99","quantity":2,"category":"shoes"}]}
  {"amount":"120.00"}
An optional "id" is the order id the purchase will have; it decides surprise
bonuses, which are otherwise listed in possible_bonuses and not counted.
Prints JSON with points, breakdown (a list of {rule, points} summing to
points), available_after, pending_after, tier_after and rewards_unlocked.
)";

constexpr const char* kRewardsHelp = R"(loyalty rewards - which rewards a customer can redeem

Usage:
  loyalty rewards --program FILE --events FILE --customer ID [--as-of DATE] [--cart CART] [--points N]

Decides every reward of the catalog for the customer as of the end of DATE
(default today in the program's time_zone), with the same checks a
redemption gets. CART (as for simulate) is the order a reward would apply
to: it decides order minimums and percentage discounts; without it such
rewards say order_required. --points N is what the customer would put into
a points-for-money reward (default: the most they can). Prints JSON:
  {"customer", "as_of", "available", "tier", "order",
   "rewards": [{"id", "type", "cost", "redeemable", "applies_to_order",
                "reason"?, "message"?,
                "points_short"?, "order_short"?, "min_tier"?, "min_order"?,
                "points"?: {"min", "max", "step"}, "value_per_step"?,
                "discount"?, "points_cost"?}]}
Reasons: tier_too_low, order_required, order_below_minimum,
insufficient_points, invalid_points.
)";

constexpr const char* kMetricsHelp = R"(loyalty metrics - merchant metrics over an event log

Usage:
  loyalty metrics --program FILE [--as-of DATE] FILE|-

Prints JSON with customers, repeat_purchase_rate, retention per month,
customer_retention per month and quarter, nps (Net Promoter Score over the
survey answers counted, overall and per month),
membership per month (members, members still holding points, points
outstanding and expired at each month's end),
net_spend, average_customer_lifetime_value, points earned, redeemed, expired
and outstanding, points_liability (outstanding points at the program's
point_value) and breakage (expired / earned). DATE defaults to the last event.
)";

constexpr const char* kWaysHelp = R"(loyalty ways-to-earn - the program as the widget shows it

Usage:
  loyalty ways-to-earn --program FILE
)";

// Options of one subcommand: "--name value" pairs and positional arguments.
struct Arguments {
  std::map<std::string, std::string> options;
  std::vector<std::string> positional;
};

std::optional<Arguments> parse_arguments(std::string_view command, const std::vector<std::string>& args,
                                         std::initializer_list<std::string_view> known, int& status) {
  Arguments out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) == 0) {
      bool found = false;
      for (std::string_view name : known) found = found || name == arg;
      if (!found) {
        status = usage(command, "unknown option " + arg);
        return std::nullopt;
      }
      if (out.options.count(arg)) {
        status = usage(command, arg + " is given twice");
        return std::nullopt;
      }
      if (i + 1 >= args.size()) {
        status = usage(command, arg + " needs a value");
        return std::nullopt;
      }
      out.options[arg] = args[++i];
    } else {
      out.positional.push_back(arg);
    }
  }
  return out;
}

// The help text with the engine's own list of event types in place of
// "{event-types}", so the help cannot fall behind the reader.
std::string with_event_types(std::string_view help) {
  std::string text(help);
  const std::string marker = "{event-types}";
  if (auto at = text.find(marker); at != std::string::npos) text.replace(at, marker.size(), loyalty::event_kind_list());
  return text;
}

bool wants_help(const std::vector<std::string>& args) {
  for (const auto& arg : args) {
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

// The shop's day now, in the program's time zone. The engine has no zone
// database; the CLI asks the system's (tzdata), and says so when the zone is
// not there rather than silently using UTC.
std::optional<loyalty::Date> today_in(const std::string& zone, std::string& error) {
  const std::time_t now = std::time(nullptr);
  if (zone == "UTC") {
    const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::from_time_t(now));
    return loyalty::Date::from_days(days.time_since_epoch().count());
  }
  const char* dir = std::getenv("TZDIR");
  const std::string file = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + zone;
  if (::access(file.c_str(), R_OK) != 0) {
    error = "time_zone: \"" + zone + "\" is not in this system's time zone database (" + file +
            "); pass --as-of YYYY-MM-DD";
    return std::nullopt;
  }
  ::setenv("TZ", (":" + zone).c_str(), 1);
  ::tzset();
  std::tm local{};
  ::localtime_r(&now, &local);
  return loyalty::Date{local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                       static_cast<unsigned>(local.tm_mday)};
}

std::optional<loyalty::Program> load_program(std::string_view command, const Arguments& args, int& status) {
  auto path = args.options.find("--program");
  if (path == args.options.end()) {
    status = usage(command, "--program FILE is required");
    return std::nullopt;
  }
  auto text = read_file(path->second);
  if (!text) {
    status = fail(command, text.error());
    return std::nullopt;
  }
  auto program = loyalty::parse_program(*text, path->second);
  if (!program) {
    status = fail(command, program.error());
    return std::nullopt;
  }
  return std::move(program).value();
}

// A log's bytes. A regular file is mapped, not read: a million-row log is
// then neither zero-filled into a buffer first nor copied out of the page
// cache, which together were a fifth of a statement's time. Anything else
// (stdin, a pipe, a file that cannot be mapped) is read.
class FileText {
 public:
  explicit FileText(std::string text) : owned_(std::move(text)) {}
  FileText(const char* mapped, std::size_t size) : mapped_(mapped), size_(size) {}
  FileText(FileText&& other) noexcept
      : owned_(std::move(other.owned_)), mapped_(std::exchange(other.mapped_, nullptr)), size_(other.size_) {}
  FileText& operator=(FileText&&) = delete;
  ~FileText() {
    if (mapped_) munmap(const_cast<char*>(mapped_), size_);
  }
  std::string_view view() const { return mapped_ ? std::string_view(mapped_, size_) : std::string_view(owned_); }

 private:
  std::string owned_;
  const char* mapped_ = nullptr;
  std::size_t size_ = 0;
};

// An open descriptor of `path` and its size when it is a regular file;
// -1 for stdin ("-"), anything else, or a file that cannot be opened (read
// by read_file, which reports why).
int open_regular_file(const std::string& path, std::size_t& size) {
  if (path == "-") return -1;
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  struct stat info {};
  if (fd >= 0 && fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) {
    size = static_cast<std::size_t>(info.st_size);
    return fd;
  }
  if (fd >= 0) close(fd);
  return -1;
}

// The name messages give a log: its path, or "<stdin>".
std::string log_source(const std::string& path) { return path == "-" ? "<stdin>" : path; }

loyalty::Result<FileText> map_file(const std::string& path) {
  std::size_t size = 0;
  if (const int fd = open_regular_file(path, size); fd >= 0) {
    // MAP_POPULATE: the pages are mapped in one call, not faulted one by one.
    void* mapped = size > 0 ? mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : MAP_FAILED;
    close(fd);
    if (mapped != MAP_FAILED) return FileText(static_cast<const char*>(mapped), size);
  }
  auto text = read_file(path);
  if (!text) return std::move(text).error();
  return FileText(std::move(*text));
}

// A log file's text ("-": stdin) with the name messages give it.
struct LogFile {
  FileText text;
  std::string source;  // the path, or "<stdin>"
  std::string path;

  loyalty::EventLog log() const { return loyalty::event_log(text.view(), source, path == "-" ? "" : path); }
};

std::optional<LogFile> load_log(std::string_view command, const std::string& path, int& status) {
  auto text = map_file(path);
  if (!text) {
    status = fail(command, text.error());
    return std::nullopt;
  }
  return LogFile{std::move(*text), log_source(path), path};
}

// A CSV log file's statement read a megabyte at a time (StatementStream):
// the file is never held whole, so memory grows with customers and months
// rather than with the file. nullopt when the log is stdin or not a regular
// file, is JSON, or is not what the stream counts: the whole log is then
// read as before (a log that cannot be opened is reported there).
std::optional<loyalty::Result<loyalty::Statement>> statement_in_blocks(const loyalty::Program& program,
                                                                       const std::string& path,
                                                                       const loyalty::StatementOptions& options) {
  std::size_t size = 0;
  const int fd = open_regular_file(path, size);
  if (fd < 0) return std::nullopt;
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  loyalty::StatementStream stream(program, options, path, size);
  std::vector<char> block(std::size_t{1} << 20);
  bool first = true;
  bool going = true;
  while (going) {
    const ssize_t got = read(fd, block.data(), block.size());
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      going = got == 0;
      break;
    }
    const std::string_view bytes(block.data(), static_cast<std::size_t>(got));
    if (first) {
      first = false;
      // JSON is told by its first character, which a first block of blanks
      // does not show.
      if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos ||
          loyalty::detect_log_format(path, bytes) != loyalty::LogFormat::csv) {
        going = false;
        break;
      }
    }
    going = stream.feed(bytes);
  }
  close(fd);
  if (!going || first) return std::nullopt;
  return stream.finish();
}

std::optional<loyalty::Date> as_of_date(std::string_view command, const Arguments& args,
                                        const loyalty::Program& program, int& status) {
  auto it = args.options.find("--as-of");
  if (it == args.options.end()) {
    std::string error;
    auto today = today_in(program.time_zone, error);
    if (!today) status = fail(command, error);
    return today;
  }
  auto date = loyalty::parse_date(it->second);
  if (!date) {
    status = usage(command, "--as-of: " + date.error().message);
    return std::nullopt;
  }
  return *date;
}

// The column mapping asked for by --mapping FILE, then --preset, --columns,
// --date-format and --returns over it.
std::optional<loyalty::MappingRequest> mapping_request(const Arguments& args, int& status) {
  loyalty::MappingRequest request;
  if (auto it = args.options.find("--mapping"); it != args.options.end()) {
    auto text = read_file(it->second);
    if (!text) {
      status = fail("statement", text.error());
      return std::nullopt;
    }
    auto document = loyalty::parse_mapping_document(*text, it->second);
    if (!document) {
      status = fail("statement", document.error());
      return std::nullopt;
    }
    request = std::move(*document);
  }
  loyalty::MappingRequest flags;
  if (auto it = args.options.find("--columns"); it != args.options.end()) {
    auto columns = loyalty::parse_columns_option(it->second);
    if (!columns) {
      status = usage("statement", "--columns: " + columns.error().message);
      return std::nullopt;
    }
    flags = std::move(*columns);
  }
  if (auto it = args.options.find("--preset"); it != args.options.end()) flags.preset = it->second;
  if (auto it = args.options.find("--date-format"); it != args.options.end()) flags.date_format = it->second;
  if (auto it = args.options.find("--returns"); it != args.options.end()) {
    if (it->second != "refund" && it->second != "ignore") {
      status = usage("statement", "--returns: expected refund or ignore, found " + it->second);
      return std::nullopt;
    }
    flags.returns = it->second == "refund" ? loyalty::ReturnPolicy::refund : loyalty::ReturnPolicy::ignore;
  }
  return loyalty::merge_requests(std::move(request), flags);
}

int run_statement(const std::vector<std::string>& raw_arguments) {
  if (wants_help(raw_arguments)) return write_out(kStatementHelp);
  // --explain is the one option without a value.
  std::vector<std::string> raw;
  bool explain = false;
  for (const auto& arg : raw_arguments) {
    if (arg == "--explain") explain = true; else raw.push_back(arg);
  }
  int status = kOk;
  auto args = parse_arguments("statement", raw,
                              {"--program", "--from", "--to", "--columns", "--date-format", "--mapping",
                               "--preset", "--returns"},
                              status);
  if (!args) return status;
  if (!args->options.count("--program")) return usage("statement", "--program FILE is required");
  if (args->positional.empty()) return usage("statement", "a transaction log FILE (or - for stdin) is required");
  if (args->positional.size() > 1) {
    return usage("statement", "only one transaction log can be given (found " + args->positional[0] + " and " +
                                  args->positional[1] + ")");
  }
  loyalty::StatementOptions options;
  for (auto [flag, slot] : {std::pair{"--from", &options.from}, std::pair{"--to", &options.to}}) {
    auto it = args->options.find(flag);
    if (it == args->options.end()) continue;
    auto month = loyalty::parse_year_month(it->second);
    if (!month) return usage("statement", std::string(flag) + ": " + month.error().message);
    *slot = *month;
  }
  auto mapping = mapping_request(*args, status);
  if (!mapping) return status;
  options.mapping = std::move(*mapping);
  auto program = load_program("statement", *args, status);
  if (!program) return status;
  const std::string& path = args->positional[0];
  auto statement = statement_in_blocks(*program, path, options);
  if (!statement) {
    auto log = load_log("statement", path, status);
    if (!log) return status;
    const loyalty::EventLog events = log->log();
    statement = loyalty::compute_statement(*program, events.text, events.format, events.source, options);
  }
  if (!*statement) return fail("statement", statement->error());
  const std::string source = log_source(path);
  if ((*statement)->reading && (explain || (*statement)->reading->mapping.guessed)) {
    std::cerr << loyalty::describe_reading(*(*statement)->reading, source, program->currency, explain);
  } else if (explain) {
    std::cerr << "loyalty statement: " << source
              << " is a plain log (id, customer, date, amount); no column mapping was needed\n";
  }
  // Written out in pieces: a million rows' statement is 30 MB of text, and
  // fresh memory to hold it whole was slower to come by than the writing.
  loyalty::render_statement_json(**statement, [](std::string_view piece) { std::cout << piece; });
  return write_out("", "\n");
}

// --cart: JSON text starting with '{', or a file holding it.
struct CartArgument {
  std::string json;
  std::string source;

  loyalty::CartText text() const { return loyalty::CartText{json, source}; }
};

std::optional<CartArgument> load_cart(std::string_view command, const std::string& cart_arg, int& status) {
  if (!cart_arg.empty() && cart_arg.front() == '{') return CartArgument{cart_arg, "--cart"};
  auto text = read_file(cart_arg);
  if (!text) {
    status = fail(command, text.error());
    return std::nullopt;
  }
  return CartArgument{std::move(*text), cart_arg};
}

// What balance, simulate and rewards read about one customer.
struct CustomerInputs {
  loyalty::Program program;
  loyalty::Date as_of;
  std::string customer;
  LogFile events;
};

// No positional arguments, and --program, --events and --customer given.
bool has_customer_arguments(std::string_view command, const Arguments& args, int& status) {
  if (!args.positional.empty()) {
    status = usage(command, "unexpected argument " + args.positional[0]);
    return false;
  }
  for (const char* required : {"--program", "--events", "--customer"}) {
    if (!args.options.count(required)) {
      status = usage(command, std::string(required) + " is required");
      return false;
    }
  }
  return true;
}

// The program, the as-of date and the customer's events, in that order.
std::optional<CustomerInputs> load_customer_inputs(std::string_view command, const Arguments& args, int& status) {
  auto program = load_program(command, args, status);
  if (!program) return std::nullopt;
  auto as_of = as_of_date(command, args, *program, status);
  if (!as_of) return std::nullopt;
  auto events = load_log(command, args.options.at("--events"), status);
  if (!events) return std::nullopt;
  return CustomerInputs{std::move(*program), *as_of, args.options.at("--customer"), std::move(*events)};
}

int run_rewards(const std::vector<std::string>& raw) {
  if (wants_help(raw)) return write_out(kRewardsHelp);
  int status = kOk;
  auto args = parse_arguments("rewards", raw, {"--program", "--events", "--customer", "--cart", "--as-of", "--points"},
                              status);
  if (!args || !has_customer_arguments("rewards", *args, status)) return status;
  auto in = load_customer_inputs("rewards", *args, status);
  if (!in) return status;
  std::optional<CartArgument> cart;
  if (args->options.count("--cart")) {
    cart = load_cart("rewards", args->options["--cart"], status);
    if (!cart) return status;
  }
  std::optional<std::int64_t> points;
  if (args->options.count("--points")) {
    const std::string& text = args->options["--points"];
    char* end = nullptr;
    errno = 0;
    const long long parsed = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE || parsed <= 0) {
      return usage("rewards", "--points: \"" + text + "\" is not a positive whole number");
    }
    points = parsed;
  }
  return print("rewards", loyalty::rewards_document(in->program, in->events.log(), in->customer, in->as_of,
                                                    cart ? std::optional(cart->text()) : std::nullopt, points));
}

int run_balance(const std::vector<std::string>& raw) {
  if (wants_help(raw)) return write_out(with_event_types(kBalanceHelp));
  int status = kOk;
  auto args = parse_arguments("balance", raw, {"--program", "--events", "--customer", "--as-of"}, status);
  if (!args || !has_customer_arguments("balance", *args, status)) return status;
  auto in = load_customer_inputs("balance", *args, status);
  if (!in) return status;
  return print("balance", loyalty::balance_document(in->program, in->events.log(), in->customer, in->as_of));
}

int run_simulate(const std::vector<std::string>& raw) {
  if (wants_help(raw)) return write_out(kSimulateHelp);
  int status = kOk;
  auto args = parse_arguments("simulate", raw, {"--program", "--events", "--customer", "--cart", "--as-of"}, status);
  if (!args || !has_customer_arguments("simulate", *args, status)) return status;
  if (!args->options.count("--cart")) return usage("simulate", "--cart CART is required");
  auto in = load_customer_inputs("simulate", *args, status);
  if (!in) return status;
  auto cart = load_cart("simulate", args->options["--cart"], status);
  if (!cart) return status;
  return print("simulate", loyalty::simulation_document(in->program, in->events.log(), in->customer, cart->text(), in->as_of));
}

int run_metrics(const std::vector<std::string>& raw) {
  if (wants_help(raw)) return write_out(kMetricsHelp);
  int status = kOk;
  auto args = parse_arguments("metrics", raw, {"--program", "--as-of"}, status);
  if (!args) return status;
  if (args->positional.size() != 1) return usage("metrics", "one event log FILE (or - for stdin) is required");
  auto program = load_program("metrics", *args, status);
  if (!program) return status;
  std::optional<loyalty::Date> as_of;
  if (args->options.count("--as-of")) {
    as_of = as_of_date("metrics", *args, *program, status);
    if (!as_of) return status;
  }
  auto log = load_log("metrics", args->positional[0], status);
  if (!log) return status;
  return print("metrics", loyalty::metrics_document(*program, log->log(), as_of));
}

int run_ways_to_earn(const std::vector<std::string>& raw) {
  if (wants_help(raw)) return write_out(kWaysHelp);
  int status = kOk;
  auto args = parse_arguments("ways-to-earn", raw, {"--program"}, status);
  if (!args) return status;
  if (!args->positional.empty()) return usage("ways-to-earn", "unexpected argument " + args->positional[0]);
  auto program = load_program("ways-to-earn", *args, status);
  if (!program) return status;
  return write_out(loyalty::render_ways_to_earn_json(*program), "\n");
}

}  // namespace

// A statement over a million rows touches about a hundred megabytes of
// heap, and this machine's kernel maps it a 4 KB page per fault: a quarter
// of the run went to page faults. glibc's malloc asks for transparent huge
// pages when its tunable says so (glibc 2.35 and later; older ones ignore
// it), and tunables are read only at startup, so the CLI sets it and starts
// itself once more. A GLIBC_TUNABLES already set is the user's and is left
// alone, which also ends the restart; if the restart fails, the run goes on.
static void restart_with_huge_pages(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
  if (std::getenv("GLIBC_TUNABLES") != nullptr) return;
  if (setenv("GLIBC_TUNABLES", "glibc.malloc.hugetlb=1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

int main(int argc, char** argv) {
  restart_with_huge_pages(argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kMainHelp;
    return kBadInput;
  }
  const std::string command = args.front();
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") return write_out(kMainHelp);
  if (command == "--version") return write_out(std::string("loyalty ") + loyalty::kVersion + "\n");
  if (command == "statement") return run_statement(rest);
  if (command == "balance") return run_balance(rest);
  if (command == "simulate") return run_simulate(rest);
  if (command == "rewards") return run_rewards(rest);
  if (command == "metrics") return run_metrics(rest);
  if (command == "ways-to-earn") return run_ways_to_earn(rest);
  std::cerr << "loyalty: unknown command '" << command << "'\nTry 'loyalty --help'.\n";
  return kBadInput;
}
