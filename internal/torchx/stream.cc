// stream.cc: device streams through c10's device-generic interface
// (DeviceGuardImplInterface, c10::Event). Nothing here needs CUDA headers:
// a CUDA libtorch registers CUDA's implementation when it is loaded, and a
// CPU build fails with a message that says how to get CUDA.
#include <c10/core/Event.h>
#include <c10/core/Stream.h>
#include <c10/core/impl/DeviceGuardImplInterface.h>

#include <mutex>
#include <sstream>
#include <string>

#include "errors.h"
#include "stream.h"

namespace {

const char *kNoCUDA =
    "this libtorch has no CUDA: Debian's libtorch is CPU-only; use the "
    "Docker image, or run scripts/setup.sh with LIBTORCH=<a CUDA libtorch>, "
    "or choose --device cpu";

c10::Stream &S(TxStream s) { return *static_cast<c10::Stream *>(s); }

const c10::impl::DeviceGuardImplInterface *impl(c10::DeviceType t) {
  TORCH_CHECK(c10::impl::hasDeviceGuardImpl(t),
              t == c10::DeviceType::CUDA ? kNoCUDA : "no stream support for ",
              t == c10::DeviceType::CUDA ? "" : c10::DeviceTypeName(t));
  return c10::impl::getDeviceGuardImpl(t);
}

// RecordingStreams is the tests' stream backend: a pool that hands out
// streams 1, 2, ..., a current stream per thread, events that are numbers,
// and a log of every operation.
struct RecordingStreams final : public c10::impl::DeviceGuardImplInterface {
  static constexpr c10::DeviceType kType = c10::DeviceType::PrivateUse1;

  c10::DeviceType type() const override { return kType; }
  c10::Device exchangeDevice(c10::Device d) const override {
    return c10::Device(kType, 0);
  }
  c10::Device getDevice() const override { return c10::Device(kType, 0); }
  void setDevice(c10::Device) const override {}
  void uncheckedSetDevice(c10::Device) const noexcept override {}
  c10::Stream getStream(c10::Device d) const noexcept override {
    return c10::Stream(c10::Stream::UNSAFE, d, current());
  }
  c10::Stream getStreamFromGlobalPool(c10::Device d,
                                      bool) const override {
    std::lock_guard<std::mutex> lock(mu());
    c10::StreamId id = ++nextStream();
    log() << "new s" << id << "\n";
    return c10::Stream(c10::Stream::UNSAFE, d, id);
  }
  c10::Stream exchangeStream(c10::Stream s) const noexcept override {
    c10::StreamId old = current();
    current() = s.id();
    std::lock_guard<std::mutex> lock(mu());
    log() << "enter s" << s.id() << "\n";
    return c10::Stream(c10::Stream::UNSAFE, s.device(), old);
  }
  c10::DeviceIndex deviceCount() const noexcept override { return 1; }
  void record(void **event, const c10::Stream &s, const c10::DeviceIndex,
              const c10::EventFlag) const override {
    std::lock_guard<std::mutex> lock(mu());
    if (*event == nullptr) *event = reinterpret_cast<void *>(++nextEvent());
    log() << "record e" << reinterpret_cast<intptr_t>(*event) << " s"
          << s.id() << "\n";
  }
  void block(void *event, const c10::Stream &s) const override {
    std::lock_guard<std::mutex> lock(mu());
    log() << "wait s" << s.id() << " e" << reinterpret_cast<intptr_t>(event)
          << "\n";
  }
  bool queryEvent(void *) const override { return true; }
  void destroyEvent(void *, const c10::DeviceIndex) const noexcept override {}
  void synchronizeStream(const c10::Stream &s) const override {
    std::lock_guard<std::mutex> lock(mu());
    log() << "sync s" << s.id() << "\n";
  }

  static c10::StreamId &current() {
    thread_local c10::StreamId id = 0;
    return id;
  }
  static std::mutex &mu() {
    static std::mutex m;
    return m;
  }
  static std::ostringstream &log() {
    static std::ostringstream l;
    return l;
  }
  static c10::StreamId &nextStream() {
    static c10::StreamId n = 0;
    return n;
  }
  static intptr_t &nextEvent() {
    static intptr_t n = 0;
    return n;
  }
};

}  // namespace

char *tx_stream_new(const char *dev, TxStream *out) {
  TX_TRY
  c10::Device d{std::string(dev)};
  auto *i = impl(d.type());
  if (d.type() == c10::DeviceType::CUDA) {
    int n = i->deviceCount();
    TORCH_CHECK(n > 0,
                "CUDA requested but no CUDA device is visible (check "
                "nvidia-smi, and docker run --gpus all), or choose --device cpu");
    TORCH_CHECK(d.index() < n, "CUDA device ", static_cast<int>(d.index()),
                " requested but only ", n, " visible (cuda:0 to cuda:", n - 1,
                ")");
  }
  if (!d.has_index()) d = c10::Device(d.type(), 0);
  *out = new c10::Stream(i->getStreamFromGlobalPool(d, false));
  TX_CATCH
}

char *tx_stream_current(const char *dev, TxStream *out) {
  TX_TRY
  c10::Device d{std::string(dev)};
  if (!d.has_index()) d = c10::Device(d.type(), 0);
  *out = new c10::Stream(impl(d.type())->getStream(d));
  TX_CATCH
}

char *tx_stream_enter(TxStream s, TxStream *previous) {
  TX_TRY
  *previous = new c10::Stream(impl(S(s).device_type())->exchangeStream(S(s)));
  TX_CATCH
}

char *tx_stream_exit(TxStream previous) {
  TX_TRY
  c10::Stream prev = S(previous);
  delete &S(previous);
  impl(prev.device_type())->exchangeStream(prev);
  TX_CATCH
}

char *tx_stream_wait(TxStream waiter, TxStream s) {
  TX_TRY
  c10::Event e(S(s).device_type());
  e.record(S(s));
  e.block(S(waiter));
  TX_CATCH
}

char *tx_stream_synchronize(TxStream s) {
  TX_TRY
  impl(S(s).device_type())->synchronizeStream(S(s));
  TX_CATCH
}

int64_t tx_stream_id(TxStream s) { return S(s).id(); }

void tx_stream_free(TxStream s) { delete static_cast<c10::Stream *>(s); }

char *tx_recording_streams_register(void) {
  TX_TRY
  static std::once_flag once;
  static bool ours = false;
  std::call_once(once, [] {
    if (c10::impl::hasDeviceGuardImpl(RecordingStreams::kType)) return;
    static RecordingStreams backend;
    static c10::impl::DeviceGuardImplRegistrar registrar(
        RecordingStreams::kType, &backend);
    ours = true;
  });
  TORCH_CHECK(ours, "privateuseone has a stream backend of its own");
  TX_CATCH
}

char *tx_recording_streams_log(char **out) {
  TX_TRY
  std::lock_guard<std::mutex> lock(RecordingStreams::mu());
  *out = torchx::message(RecordingStreams::log().str());
  RecordingStreams::log().str("");
  TX_CATCH
}
