// errors.h turns C++ exceptions into the malloc'ed messages of torchx.h.
#ifndef SGAN_TORCHX_ERRORS_H
#define SGAN_TORCHX_ERRORS_H

#include <c10/util/Exception.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

namespace torchx {

inline char *message(const std::string &s) {
  char *m = static_cast<char *>(std::malloc(s.size() + 1));
  std::memcpy(m, s.c_str(), s.size() + 1);
  return m;
}

}  // namespace torchx

// TX_TRY and TX_CATCH wrap a function body: libtorch's errors lose their C++
// backtrace (useless to a Go caller) and come back as messages.
#define TX_TRY try {
#define TX_CATCH                                              \
  return nullptr;                                             \
  }                                                           \
  catch (const c10::Error &e) {                               \
    return torchx::message(e.what_without_backtrace());       \
  }                                                           \
  catch (const std::exception &e) {                           \
    return torchx::message(e.what());                         \
  }                                                           \
  catch (...) {                                               \
    return torchx::message("unknown C++ exception");          \
  }

#endif  // SGAN_TORCHX_ERRORS_H
