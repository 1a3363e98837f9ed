#pragma once

namespace loyalty {
inline constexpr const char* kVersion = "0.1.0";
}
