#include "alert/event_source.h"

#include <zmq.hpp>

#include "alert/event_codec.h"

namespace newswatch::alert {
namespace {

class ZmqEventSource final : public EventSource {
 public:
  ZmqEventSource() : socket_(context_, zmq::socket_type::sub) {}

  Status Connect(const std::vector<std::string>& endpoints, const std::vector<std::string>& topics) {
    try {
      for (const std::string& t : topics) socket_.set(zmq::sockopt::subscribe, t);
      for (const std::string& e : endpoints) socket_.connect(e);
    } catch (const zmq::error_t& e) {
      return InvalidArgument(std::string("zmq: ") + e.what());
    }
    return Status::Ok();
  }

  Result<std::optional<AlertEvent>> Next(std::chrono::milliseconds timeout) override {
    try {
      zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, timeout) == 0) return std::optional<AlertEvent>();
      zmq::message_t topic, body;
      if (!socket_.recv(topic, zmq::recv_flags::dontwait)) return std::optional<AlertEvent>();
      if (!topic.more()) return ParseError("single-frame message on " + topic.to_string());
      (void)socket_.recv(body, zmq::recv_flags::none);
      // Drain any unexpected extra frames so the next read starts clean.
      while (body.more()) {
        zmq::message_t extra;
        (void)socket_.recv(extra, zmq::recv_flags::none);
        if (!extra.more()) return ParseError("more than two frames on " + topic.to_string());
      }
      auto event = DecodeEvent(topic.to_string_view(), body.to_string_view());
      if (!event.ok()) return event.status();
      return std::optional<AlertEvent>(std::move(*event));
    } catch (const zmq::error_t& e) {
      if (e.num() == EINTR) return std::optional<AlertEvent>();
      return Unavailable(std::string("zmq: ") + e.what());
    }
  }

 private:
  zmq::context_t context_;
  zmq::socket_t socket_;
};

}  // namespace

Result<std::unique_ptr<EventSource>> ConnectZmqSource(const std::vector<std::string>& endpoints,
                                                      const std::vector<std::string>& topics) {
  auto source = std::make_unique<ZmqEventSource>();
  NW_RETURN_IF_ERROR(source->Connect(endpoints, topics));
  return std::unique_ptr<EventSource>(std::move(source));
}

}  // namespace newswatch::alert
