// Move-only owners of libcurl handles (CURL*, CURLM*, curl_slist*), so every exit path frees
// them. Internal to daemon/net. Thread-safety: like the handles, one thread at a time.
#pragma once

#include <curl/curl.h>

#include <utility>

namespace newswatch {

template <typename T, void (*Free)(T*)>
class CurlOwner {
 public:
  CurlOwner() = default;
  explicit CurlOwner(T* handle) : handle_(handle) {}
  ~CurlOwner() { reset(); }
  CurlOwner(CurlOwner&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  CurlOwner& operator=(CurlOwner&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  CurlOwner(const CurlOwner&) = delete;
  CurlOwner& operator=(const CurlOwner&) = delete;

  T* get() const { return handle_; }
  explicit operator bool() const { return handle_ != nullptr; }
  // Gives up ownership; the caller must free the handle.
  T* release() { return std::exchange(handle_, nullptr); }
  void reset(T* handle = nullptr) {
    if (handle_ != nullptr) Free(handle_);
    handle_ = handle;
  }

 private:
  T* handle_ = nullptr;
};

namespace curl_free {
inline void Easy(CURL* h) { curl_easy_cleanup(h); }
inline void Multi(CURLM* h) { curl_multi_cleanup(h); }
inline void Slist(curl_slist* h) { curl_slist_free_all(h); }
}  // namespace curl_free

using CurlEasy = CurlOwner<CURL, curl_free::Easy>;
using CurlMulti = CurlOwner<CURLM, curl_free::Multi>;

// A header list; Append keeps ownership on failure-free appends and reports failure otherwise.
class CurlSlist {
 public:
  CurlSlist() = default;
  bool Append(const char* line) {
    curl_slist* next = curl_slist_append(list_.get(), line);
    if (next == nullptr) return false;
    list_.release();
    list_.reset(next);
    return true;
  }
  curl_slist* get() const { return list_.get(); }

 private:
  CurlOwner<curl_slist, curl_free::Slist> list_;
};

}  // namespace newswatch
