#include "daemon/security/zap_handler.h"

#include <zmq.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "daemon/security/curve_keys.h"

namespace newswatch {

namespace {
constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";
}  // namespace

struct ZapHandler::Impl {
  zmq::context_t* context = nullptr;
  zmq::socket_t rep;      // owned by the thread once it runs
  zmq::socket_t control;  // PAIR; a message on it means "stop"
  std::string control_endpoint;
  std::filesystem::path allow_file;
  std::thread thread;
  std::once_flag stopped;

  mutable std::mutex mu;
  std::set<std::string> allowed;  // guarded by mu
  ZapCounters counters;           // guarded by mu

  void Run();
  void Answer(std::vector<zmq::message_t>& request);
};

void ZapHandler::Impl::Answer(std::vector<zmq::message_t>& request) {
  // Request: version, request id, domain, address, routing id, mechanism, credentials...
  std::string request_id = request.size() > 1 ? request[1].to_string() : "";
  std::string code = "400";
  std::string text = "not allowed";
  std::string user;
  if (request.size() < 6 || request[0].to_string_view() != "1.0") {
    text = "malformed ZAP request";
  } else if (request[5].to_string_view() == "CURVE" && request.size() >= 7 &&
             request[6].size() == 32) {
    char z85[41] = {};
    zmq_z85_encode(z85, static_cast<const uint8_t*>(request[6].data()), 32);
    std::lock_guard lock(mu);
    if (allowed.count(z85) != 0) {
      code = "200";
      text = "OK";
      user = z85;
      ++counters.admitted;
    } else {
      ++counters.denied;
    }
  } else {
    std::lock_guard lock(mu);
    ++counters.denied;
  }
  // Reply: version, request id, status code, status text, user id, metadata.
  rep.send(zmq::buffer(std::string_view("1.0")), zmq::send_flags::sndmore);
  rep.send(zmq::buffer(request_id), zmq::send_flags::sndmore);
  rep.send(zmq::buffer(code), zmq::send_flags::sndmore);
  rep.send(zmq::buffer(text), zmq::send_flags::sndmore);
  rep.send(zmq::buffer(user), zmq::send_flags::sndmore);
  rep.send(zmq::str_buffer(""), zmq::send_flags::none);
}

void ZapHandler::Impl::Run() {
  zmq::pollitem_t items[] = {{rep.handle(), 0, ZMQ_POLLIN, 0},
                             {control.handle(), 0, ZMQ_POLLIN, 0}};
  for (;;) {
    try {
      zmq::poll(items, 2, std::chrono::milliseconds(-1));
    } catch (const zmq::error_t&) {
      return;  // the context is terminating
    }
    if (items[1].revents & ZMQ_POLLIN) return;
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    std::vector<zmq::message_t> request;
    try {
      for (;;) {
        zmq::message_t frame;
        if (!rep.recv(frame)) break;
        const bool more = frame.more();
        request.push_back(std::move(frame));
        if (!more) break;
      }
      Answer(request);
    } catch (const zmq::error_t&) {
      return;
    }
  }
}

ZapHandler::ZapHandler(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Result<std::unique_ptr<ZapHandler>> ZapHandler::Start(zmq::context_t& context,
                                                      std::set<std::string> allowed) {
  auto impl = std::make_unique<Impl>();
  impl->context = &context;
  impl->allowed = std::move(allowed);
  impl->control_endpoint =
      "inproc://newswatch.zap.control." + std::to_string(reinterpret_cast<uintptr_t>(impl.get()));
  try {
    impl->rep = zmq::socket_t(context, zmq::socket_type::rep);
    impl->rep.set(zmq::sockopt::linger, 0);
    impl->rep.bind(kZapEndpoint);
    impl->control = zmq::socket_t(context, zmq::socket_type::pair);
    impl->control.set(zmq::sockopt::linger, 0);
    impl->control.bind(impl->control_endpoint);
  } catch (const zmq::error_t& e) {
    return Unavailable(std::string("ZAP handler: cannot bind ") + kZapEndpoint + ": " + e.what());
  }
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<ZapHandler>(new ZapHandler(std::move(impl)));
}

Result<std::unique_ptr<ZapHandler>> ZapHandler::StartWithAllowFile(
    zmq::context_t& context, const std::filesystem::path& allow_file) {
  auto keys = ReadAllowFile(allow_file);
  if (!keys.ok()) return keys.status();
  auto handler = Start(context, std::move(*keys));
  if (handler.ok()) (*handler)->impl_->allow_file = allow_file;
  return handler;
}

ZapHandler::~ZapHandler() { Stop(); }

Status ZapHandler::Reload() {
  if (impl_->allow_file.empty()) return InvalidArgument("ZAP handler: no allow file to reload");
  auto keys = ReadAllowFile(impl_->allow_file);
  if (!keys.ok()) return keys.status();
  SetAllowed(std::move(*keys));
  return Status::Ok();
}

void ZapHandler::SetAllowed(std::set<std::string> allowed) {
  std::lock_guard lock(impl_->mu);
  impl_->allowed = std::move(allowed);
  ++impl_->counters.reloads;
}

void ZapHandler::Stop() {
  std::call_once(impl_->stopped, [this] {
    try {
      zmq::socket_t wake(*impl_->context, zmq::socket_type::pair);
      wake.set(zmq::sockopt::linger, 0);
      wake.connect(impl_->control_endpoint);
      wake.send(zmq::str_buffer("stop"), zmq::send_flags::none);
      impl_->thread.join();
    } catch (const zmq::error_t&) {
      // The context is already terminating: the thread's poll fails and it returns.
      if (impl_->thread.joinable()) impl_->thread.join();
    }
    try {
      impl_->rep.unbind(kZapEndpoint);  // synchronous, so a new handler can bind at once
    } catch (const zmq::error_t&) {
    }
    impl_->rep.close();
    impl_->control.close();
  });
}

ZapCounters ZapHandler::counters() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counters;
}

}  // namespace newswatch
