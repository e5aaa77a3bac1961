// File receiver: appends one JSON line per notification (the webhook body
// plus "delivery_id") to a file, for audits and other tools.
#include "alert/receivers/file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "alert/event_codec.h"
#include "alert/message_format.h"

namespace newswatch::alert {
namespace {

class FileReceiver final : public Receiver {
 public:
  explicit FileReceiver(const ReceiverSpec& spec) : name_(spec.name), path_(spec.Get("path")) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json line;
    line["receiver"] = n.receiver;
    line["route"] = n.route;
    nlohmann::json group = nlohmann::json::object();
    for (const auto& [k, v] : n.group_labels) group[k] = v;
    line["group"] = group;
    line["digest"] = n.digest;
    line["repeat"] = n.repeat;
    line["title"] = NotificationTitle(n);
    nlohmann::json stories = nlohmann::json::array();
    for (const StoryReport& s : n.stories) {
      stories.push_back({{"event", EventToJsonValue(s.event)}, {"other_outlets", s.other_outlets}});
    }
    line["stories"] = stories;
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string& delivery_id) override {
    // Prefix the delivery id without re-parsing: payload is a JSON object.
    std::string line = "{\"delivery_id\":\"" + delivery_id + "\"," + payload.substr(1) + "\n";
    int fd = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) return IoError(name_ + ": cannot open " + path_ + ": " + std::strerror(errno));
    // One write() with O_APPEND keeps concurrent writers' lines whole.
    ssize_t n = ::write(fd, line.data(), line.size());
    int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(line.size())) {
      return IoError(name_ + ": short write to " + path_ + ": " + std::strerror(err));
    }
    return Status::Ok();
  }

 private:
  std::string name_, path_;
};

}  // namespace

ReceiverKind FileReceiverKind() {
  return {"file",
          "appends JSON lines to a file",
          {{"path", OptionType::kString, true, "", "file to append to"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("path").empty()) return ConfigError("path must not be empty");
            return std::unique_ptr<Receiver>(new FileReceiver(spec));
          }};
}

}  // namespace newswatch::alert
