import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A minimal HTTP/1.1 server on 127.0.0.1 for testing clients against scripted replies: normal
/// ones, 503-then-200, slow, truncated (a Content-Length the body never reaches), garbage,
/// connection resets, redirects and endless bodies. Loopback only; it serves until `stop()`
/// (or deinit) and handles one connection at a time.
public final class LoopbackServer: @unchecked Sendable {
  public struct Request: Sendable {
    public let path: String
    public let headers: [String: String]
  }

  public enum Reply: Sendable {
    case ok(Data, status: Int = 200, headers: [String: String] = [:])
    /// Waits before answering (to trip a client timeout).
    case slow(seconds: Double, Data)
    /// Announces `declared` bytes, sends `body` (shorter), closes.
    case truncated(declared: Int, body: Data)
    /// Bytes that are not HTTP at all.
    case raw(Data)
    /// Reads the request and resets the connection (RST, no reply).
    case reset
    /// `302 Found` to `location` (a path on this server, or any URL).
    case redirect(to: String)
    /// A 200 whose body is `bytes` bytes of filler, sent in chunks until done or the client
    /// hangs up (never held in memory); `announced`: with a Content-Length, else until close.
    case endless(bytes: Int, announced: Bool)
  }

  /// `content`, or the part a `Range: bytes=N-` header asks for (206 with Content-Range).
  public static func serving(_ content: Data, for request: Request) -> Reply {
    let start = Int(request.headers["range"]?.dropFirst("bytes=".count).split(separator: "-").first ?? "0") ?? 0
    guard start > 0 else { return .ok(content) }
    return .ok(
      content.suffix(from: start), status: 206,
      headers: ["Content-Range": "bytes \(start)-\(content.count - 1)/\(content.count)"])
  }

  public let port: UInt16
  private let listener: Int32
  private let handler: @Sendable (Request, Int) -> Reply
  private let lock = NSLock()
  private var counts: [String: Int] = [:]
  private var accepted = 0
  private var running = true

  /// `handler(request, n)` answers the n-th request (from 1) for that path.
  public init(handler: @escaping @Sendable (Request, Int) -> Reply) throws {
    self.handler = handler
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var yes: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(listener, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    port = UInt16(bigEndian: address.sin_port)
    self.listener = listener
    let thread = Thread { [weak self] in self?.serve() }
    thread.start()
  }

  deinit { stop() }

  public var baseURL: String { "http://127.0.0.1:\(port)" }

  public func requests(to path: String) -> Int {
    lock.lock()
    defer { lock.unlock() }
    return counts[path, default: 0]
  }

  private var isRunning: Bool {
    lock.lock()
    defer { lock.unlock() }
    return running
  }

  /// Connections accepted, whether or not they carried an HTTP request.
  public var connections: Int {
    lock.lock()
    defer { lock.unlock() }
    return accepted
  }

  public func stop() {
    lock.lock()
    let wasRunning = running
    running = false
    lock.unlock()
    // Only shut down here: the serving thread closes the descriptor when it leaves `accept`.
    // Closing it here would let a new server reuse the number while this thread still
    // accepts on it, answering the new server's requests with this one's handler.
    if wasRunning { shutdown(listener, Int32(SHUT_RDWR)) }
  }

  private func serve() {
    while true {
      let connection = isRunning ? accept(listener, nil, nil) : -1
      if connection < 0 {
        close(listener)
        return
      }
      defer { close(connection) }
      lock.lock()
      accepted += 1
      lock.unlock()
      guard let request = readRequest(connection) else { continue }
      lock.lock()
      counts[request.path, default: 0] += 1
      let n = counts[request.path]!
      lock.unlock()
      send(handler(request, n), to: connection)
    }
  }

  private func readRequest(_ connection: Int32) -> Request? {
    var buffer = [UInt8](repeating: 0, count: 65536)
    var received = Data()
    while !received.contains(Data("\r\n\r\n".utf8)) {
      let n = recv(connection, &buffer, buffer.count, 0)
      if n <= 0 { return nil }
      received.append(contentsOf: buffer[0..<n])
    }
    let lines = String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n")
    let parts = lines[0].split(separator: " ")
    guard parts.count >= 2 else { return nil }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() where line.contains(":") {
      let colon = line.firstIndex(of: ":")!
      headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return Request(path: String(parts[1]), headers: headers)
  }

  private func send(_ reply: Reply, to connection: Int32) {
    func write(_ data: Data) {
      data.withUnsafeBytes { _ = Glibc.send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }
    func head(_ status: Int, _ length: Int, _ extra: [String: String] = [:]) -> Data {
      var text =
        "HTTP/1.1 \(status) \(status == 200 ? "OK" : status == 302 ? "Found" : "Status")\r\nContent-Length: \(length)\r\nConnection: close\r\n"
      for (k, v) in extra { text += "\(k): \(v)\r\n" }
      return Data((text + "\r\n").utf8)
    }
    switch reply {
    case .ok(let body, let status, let headers): write(head(status, body.count, headers) + body)
    case .slow(let seconds, let body):
      // In small naps, so that `stop()` ends a long wait.
      let until = Date().addingTimeInterval(seconds)
      while case let left = until.timeIntervalSinceNow, left > 0, isRunning {
        Thread.sleep(forTimeInterval: min(0.02, left))
      }
      write(head(200, body.count) + body)
    case .truncated(let declared, let body): write(head(200, declared) + body)
    case .raw(let bytes): write(bytes)
    case .reset:
      var linger = Glibc.linger(l_onoff: 1, l_linger: 0)  // close() then sends RST
      setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    case .redirect(let location):
      write(head(302, 0, ["Location": location]))
    case .endless(let bytes, let announced):
      var text = "HTTP/1.1 200 OK\r\nConnection: close\r\n"
      if announced { text += "Content-Length: \(bytes)\r\n" }
      write(Data((text + "\r\n").utf8))
      let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 16)
      var sent = 0
      while sent < bytes, isRunning {
        let n = chunk.withUnsafeBytes {
          Glibc.send(connection, $0.baseAddress, min($0.count, bytes - sent), Int32(MSG_NOSIGNAL))
        }
        if n <= 0 { return }  // the client hung up
        sent += n
      }
    }
  }
}
