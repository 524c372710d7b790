#pragma once
// Loopback networking for the stack: free ports, TCP reachability, HTTP GET (libcurl). Everything is bound
// to, or dialled on, 127.0.0.1 only.
#include <chrono>
#include <string>
#include <vector>

namespace sparkmv::stack {

// `count` distinct ports that are free on 127.0.0.1 right now (the kernel picks them).
std::vector<int> free_ports(std::size_t count);
// True when nothing listens on 127.0.0.1:port and it can be bound.
bool port_free(int port);
// True when a TCP connection to 127.0.0.1:port succeeds within `timeout`.
bool tcp_connects(int port, std::chrono::milliseconds timeout);

struct HttpResponse {
  long status = 0;  // HTTP status; 0 when no response
  std::string body;
  std::string error;  // transport error, when status is 0
};
HttpResponse http_get(const std::string& url, std::chrono::milliseconds timeout);

}  // namespace sparkmv::stack
