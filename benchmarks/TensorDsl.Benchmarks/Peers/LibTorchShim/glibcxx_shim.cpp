// GCC 13 moved iostream initialization into libstdc++ (std::ios_base_library_init, GLIBCXX_3.4.32).
// With GCC 12's libstdc++ the static std::ios_base::Init object below does the same job.
#include <ios>
namespace std { void ios_base_library_init() { static std::ios_base::Init init; } }
