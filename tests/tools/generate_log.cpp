// Writes a reproducible synthetic transaction log (CSV or JSON) for tests and
// benchmarks: the same arguments always give the same bytes.
//   loyalty-generate-log --transactions N [--customers M] [--seed S]
//                        [--from YYYY-MM] [--months K] [--format csv|json|line-items]
// line-items writes the same transactions as a shop's line-item export
// (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,
// Country; dates MM/DD/YYYY HH:mm), each split into lines whose quantity x
// unit price sum exactly to its amount: its statement equals the plain log's.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "../support/splitmix64.hpp"

namespace {

struct SplitMix64 : loyalty::testing::SplitMix64 {
  std::uint64_t below(std::uint64_t n) { return next() % n; }
};

int days_in_month(int year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

int usage() {
  std::fprintf(stderr,
               "usage: loyalty-generate-log --transactions N [--customers M] [--seed S]\n"
               "       [--from YYYY-MM] [--months K] [--format csv|json|line-items]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned long long transactions = 0, customers = 1000, seed = 1, months = 3;
  int year = 2026, month = 1;
  std::string format = "csv";
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc) return usage();
    const char* value = argv[++i];
    if (arg == "--transactions") transactions = std::strtoull(value, nullptr, 10);
    else if (arg == "--customers") customers = std::strtoull(value, nullptr, 10);
    else if (arg == "--seed") seed = std::strtoull(value, nullptr, 10);
    else if (arg == "--months") months = std::strtoull(value, nullptr, 10);
    else if (arg == "--format") format = value;
    else if (arg == "--from") {
      if (std::sscanf(value, "%4d-%2d", &year, &month) != 2 || month < 1 || month > 12) return usage();
    } else {
      return usage();
    }
  }
  if (customers == 0 || months == 0 || (format != "csv" && format != "json" && format != "line-items")) return usage();

  // Amounts: a fifth sit on the band edges, the rest spread over $0.01-$500.
  static const char* kEdges[] = {"50.00", "100.00", "100.01", "49.99", "50.01",
                                 "99.99", "120.75", "0.01",   "100.75", "101.01"};
  SplitMix64 rng{seed};
  // The lines draw from their own stream, so every format holds the same transactions.
  SplitMix64 lines_rng{seed ^ 0x9E3779B97F4A7C15ULL};
  const bool csv = format == "csv";
  const bool line_items = format == "line-items";
  std::string out;
  out.reserve(1 << 20);
  out += line_items ? "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
         : csv      ? "id,customer,date,amount\n"
                    : "[\n";
  for (unsigned long long n = 0; n < transactions; ++n) {
    unsigned long long offset = rng.below(months);
    int y = year + static_cast<int>((month - 1 + offset) / 12);
    int m = static_cast<int>((month - 1 + offset) % 12) + 1;
    int d = static_cast<int>(rng.below(static_cast<std::uint64_t>(days_in_month(y, m)))) + 1;
    unsigned long long customer = rng.below(customers);
    char amount[32];
    if (rng.below(5) == 0) {
      std::snprintf(amount, sizeof amount, "%s", kEdges[rng.below(10)]);
    } else {
      unsigned long long cents = rng.below(50000) + 1;
      std::snprintf(amount, sizeof amount, "%llu.%02llu", cents / 100, cents % 100);
    }
    char line[160];
    if (line_items) {
      // Up to three lines: quantity x price for all but the last, which
      // takes what is left at quantity 1.
      unsigned long long left = 0, whole = 0, fraction = 0;
      std::sscanf(amount, "%llu.%llu", &whole, &fraction);
      left = whole * 100 + fraction;
      const unsigned long long count = 1 + lines_rng.below(3);
      const unsigned long long hour = lines_rng.below(24), minute = lines_rng.below(60);
      for (unsigned long long l = 0; l < count; ++l) {
        unsigned long long quantity = 1, price = left;
        if (l + 1 < count) {
          quantity = 1 + lines_rng.below(3);
          const unsigned long long most = (left - 1) / quantity / (count - l);
          if (most == 0) continue;
          price = 1 + lines_rng.below(most);
        }
        left -= quantity * price;
        std::snprintf(line, sizeof line, "%llu,SKU%llu,\"Item %llu, boxed\",%llu,%d/%d/%04d %llu:%02llu,%llu.%02llu,c%llu,Nowhere\n",
                      n, l, l, quantity, m, d, y, hour, minute, price / 100, price % 100, customer);
        out += line;
      }
    } else if (csv) {
      std::snprintf(line, sizeof line, "t%llu,c%llu,%04d-%02d-%02d,%s\n", n, customer, y, m, d, amount);
    } else {
      std::snprintf(line, sizeof line,
                    "%s{\"id\":\"t%llu\",\"customer\":\"c%llu\",\"date\":\"%04d-%02d-%02d\",\"amount\":\"%s\"}",
                    n ? ",\n" : "", n, customer, y, m, d, amount);
    }
    if (!line_items) out += line;
    if (out.size() > (1 << 20)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  if (!csv && !line_items) out += "\n]\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
