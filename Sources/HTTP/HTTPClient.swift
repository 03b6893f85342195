import CCurl
import DurableFiles
import Foundation

/// A small HTTP(S) client over libcurl: GET into memory or into a file, with timeouts, a
/// User-Agent naming Gravitas, retries with exponential back-off on 503, 429, timeouts and
/// dropped connections (nothing else is retried), progress reports, and resumable, atomic
/// downloads. Only http and https are spoken, redirects are bounded, replies are capped in size
/// and every call ends within `deadline`.
public struct HTTPClient: Sendable {
  /// One try's limit, and its connection limit, seconds.
  public var timeout: Double = 120
  public var connectTimeout: Double = 20
  /// A try that receives nothing for this long is abandoned (a stalled server), seconds.
  public var stallTimeout: Double = 30
  /// One call's limit, all tries and back-offs together, seconds: for `get`, and for
  /// `download` (whose tries resume one another, so a slow link has longer).
  public var deadline: Double = 300
  public var downloadDeadline: Double = 1800
  /// Attempts after the first, and the first back-off (doubled each time), seconds.
  public var retries = 4
  public var backoff: Double = 1
  public var maxRedirects = 5
  /// The largest body `get` holds in memory, bytes (the longest Horizons reply is near 10 MB).
  public var maxReplyBytes: Int64 = 64 << 20
  /// The largest file `download` writes, bytes.
  public var maxDownloadBytes: Int64 = 16 << 30
  public var userAgent = "Gravitas/0.1 (scientific ML; libcurl)"

  public init() {}

  /// (bytes received, bytes expected or 0 when unknown)
  public typealias Progress = (Int64, Int64) -> Void

  /// The body of a GET, retrying transient failures.
  public func get(_ url: String, progress: Progress? = nil, log: ((String) -> Void)? = nil) throws -> Data {
    try withRetries(url, deadline: deadline, log: log) { tryLimit in
      let sink = MemorySink()
      try perform(url, sink: sink, resumeFrom: 0, limit: maxReplyBytes, tryLimit: tryLimit, progress: progress)
      return sink.data
    }
  }

  /// Downloads to `destination` via `destination.part`, resuming a previous partial download
  /// with a Range request, and renames into place only when complete.
  public func download(_ url: String, to destination: URL, progress: Progress? = nil, log: ((String) -> Void)? = nil)
    throws
  {
    let part = destination.appendingPathExtension("part")
    do {
      try fetch(url, into: part, progress: progress, log: log)
    } catch {
      // A partial file is kept for the next attempt to resume; an empty one is only litter.
      if let size = try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? Int, size == 0 {
        try? FileManager.default.removeItem(at: part)
      }
      throw error
    }
    do throws(DurableFileError) {
      try DurableFile.moveIntoPlace(part, as: destination)
    } catch {
      throw HTTPError.writeFailed(path: destination.path, reason: error.failure)
    }
  }

  /// Appends the body of `url` to `part`, resuming from its current size.
  private func fetch(_ url: String, into part: URL, progress: Progress?, log: ((String) -> Void)?) throws {
    try withRetries(url, deadline: downloadDeadline, log: log) { tryLimit in
      var existing = (try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? Int) ?? 0
      // A failure to create shows up as the open below failing, with a clearer error.
      if existing == 0 { _ = FileManager.default.createFile(atPath: part.path, contents: nil) }
      guard let handle = FileHandle(forWritingAtPath: part.path) else {
        throw HTTPError.writeFailed(path: part.path, reason: "cannot open for writing")
      }
      defer { try? handle.close() }
      while true {
        handle.seekToEndOfFile()
        let sink = FileSink(handle, path: part.path)
        do {
          try perform(
            url, sink: sink, resumeFrom: existing, limit: maxDownloadBytes, tryLimit: tryLimit, progress: progress)
        } catch HTTPError.status(_, 416, _) where existing > 0 {
          return  // the range starts at the end: the previous attempt had everything
        }
        guard sink.ignoredRange else { return }
        // The server cannot serve the rest: start the file again.
        try handle.truncate(atOffset: 0)
        existing = 0
      }
    }
  }

  /// Runs `attempt(limit)` until it succeeds, fails for good, or the tries or the deadline run
  /// out; `limit` is the time that try may take (the per-try timeout, or less near the deadline).
  func withRetries<T>(_ url: String, deadline: Double, log: ((String) -> Void)?, _ attempt: (Double) throws -> T) throws
    -> T
  {
    let started = Date()
    func remaining() -> Double { deadline - Date().timeIntervalSince(started) }
    var delay = backoff
    for tries in 1... {
      do { return try attempt(min(timeout, remaining())) } catch let error as HTTPError
        where error.isTransient && tries <= retries
      {
        guard delay < remaining() else {
          throw HTTPError.deadlineExceeded(url: url, seconds: deadline, tries: tries, last: error.reason)
        }
        log?("\(error); retrying in \(delay) s (\(tries) of \(retries))")
        Thread.sleep(forTimeInterval: delay)
        delay *= 2
      }
    }
    fatalError("unreachable")
  }

  /// One request. Status ≥ 400 becomes `HTTPError.status` with the start of the body; the body
  /// may reach `limit` bytes (counting `offset`), and the try takes at most `tryLimit` seconds.
  private func perform(
    _ url: String, sink: ResponseSink, resumeFrom offset: Int, limit: Int64, tryLimit: Double,
    progress: Progress?
  ) throws {
    // Refused before libcurl sees it: libcurl guesses a scheme for a URL without one.
    let scheme = url.range(of: "://").map { url[..<$0.lowerBound].lowercased() } ?? ""
    guard scheme == "http" || scheme == "https" else {
      throw HTTPError.unsupportedScheme(url: url, scheme: scheme.isEmpty ? "(none)" : scheme)
    }
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    guard let handle = curl_easy_init() else { throw HTTPError.other(url: url, reason: "libcurl could not start") }
    defer { curl_easy_cleanup(handle) }
    let context = Context(sink: sink, progress: progress, limit: limit - Int64(offset))
    let unmanaged = Unmanaged.passRetained(context)
    defer { unmanaged.release() }
    // Clamped (NaN included) before the conversion: Int(Double) traps out of range.
    func milliseconds(_ seconds: Double) -> Int { seconds >= 0.001 ? Int(min(seconds, 1e7) * 1000) : 1 }
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    let started = Date()
    let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
      guard gravitas_curl_allow_http_only(handle) == CURLE_OK else { return CURLE_UNSUPPORTED_PROTOCOL }
      _ = gravitas_curl_setopt_string(handle, CURLOPT_URL, url)
      _ = gravitas_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
      _ = gravitas_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
      _ = gravitas_curl_setopt_long(handle, CURLOPT_MAXREDIRS, max(0, maxRedirects))
      _ = gravitas_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
      // A file being downloaded must never receive an error page: a 503's body written to the
      // .part file would be resumed after, and stay in the download. curl stops before the body.
      if sink is FileSink { _ = gravitas_curl_setopt_long(handle, CURLOPT_FAILONERROR, 1) }
      _ = gravitas_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(tryLimit))
      _ = gravitas_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(min(connectTimeout, tryLimit)))
      _ = gravitas_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
      _ = gravitas_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, max(1, milliseconds(stallTimeout) / 1000))
      // An announced length over the limit is refused before the body; the write callback
      // enforces the limit on replies that announce none (or lie).
      _ = gravitas_curl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(max(1, context.limit)))
      _ = gravitas_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
      _ = gravitas_curl_setopt_write_function(
        handle, CURLOPT_WRITEFUNCTION,
        { data, size, count, context in
          let context = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
          let bytes = UnsafeRawBufferPointer(start: data, count: size * count)
          guard Int64(context.sink.count) + Int64(bytes.count) <= context.limit else {
            context.exceeded = true
            return 0  // libcurl stops with CURLE_WRITE_ERROR
          }
          do { try context.sink.append(bytes) } catch {
            context.writeError = error
            return 0
          }
          return size * count
        })
      _ = gravitas_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque())
      if progress != nil {
        _ = gravitas_curl_setopt_progress_function(
          handle, CURLOPT_XFERINFOFUNCTION,
          { context, total, now, _, _ in
            let context = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
            context.progress?(Int64(now), Int64(total))
            return 0
          })
        _ = gravitas_curl_setopt_pointer(handle, CURLOPT_XFERINFODATA, unmanaged.toOpaque())
        _ = gravitas_curl_setopt_long(handle, CURLOPT_NOPROGRESS, 0)
      }
      if offset > 0 { _ = gravitas_curl_setopt_off(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset)) }
      return curl_easy_perform(handle)
    }
    var status = 0
    _ = gravitas_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
    let message =
      String(cString: errorBuffer).isEmpty ? String(cString: curl_easy_strerror(code)) : String(cString: errorBuffer)
    if context.exceeded { throw HTTPError.tooLarge(url: url, limit: limit) }
    if let error = context.writeError as? HTTPError { throw error }
    switch code {
    case CURLE_OK, CURLE_HTTP_RETURNED_ERROR: break  // the status is reported below
    case CURLE_OPERATION_TIMEDOUT:  // the try's limit, or the stall limit: say how long it waited
      throw HTTPError.timeout(url: url, seconds: min(tryLimit, (Date().timeIntervalSince(started) * 10).rounded() / 10))
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
      throw HTTPError.unresolvedHost(url: url, host: URLComponents(string: url)?.host ?? message)
    case CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
      throw HTTPError.connectionFailed(url: url, reason: message)
    case CURLE_PARTIAL_FILE: throw HTTPError.truncated(url: url, received: sink.count, expected: nil)
    case CURLE_FILESIZE_EXCEEDED: throw HTTPError.tooLarge(url: url, limit: limit)
    case CURLE_TOO_MANY_REDIRECTS: throw HTTPError.tooManyRedirects(url: url, limit: maxRedirects)
    case CURLE_UNSUPPORTED_PROTOCOL:
      var target: UnsafeMutablePointer<CChar>?
      _ = gravitas_curl_getinfo_string(handle, CURLINFO_REDIRECT_URL, &target)
      // A redirect to another scheme: name where it pointed, or at least its scheme, which
      // libcurl quotes in its message (`Protocol "file" not supported…`).
      let quoted = message.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first.map(String.init)
      throw HTTPError.unsupportedScheme(
        url: url, scheme: target.map { String(cString: $0) } ?? quoted.map { "\($0)" } ?? message)
    case CURLE_RANGE_ERROR:  // the server does not resume: start the body again
      sink.restart()
      return
    default: throw HTTPError.other(url: url, reason: message)
    }
    if status >= 400 {
      let text =
        String(decoding: sink.prefix(300), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        ?? ""
      throw HTTPError.status(url: url, code: status, body: text.trimmingCharacters(in: .whitespaces))
    }
  }
}

/// Where a response body goes.
class ResponseSink {
  var count = 0
  func append(_ bytes: UnsafeRawBufferPointer) throws { count += bytes.count }
  func prefix(_ n: Int) -> Data { Data() }
  func restart() {}
}

final class MemorySink: ResponseSink {
  var data = Data()
  override func append(_ bytes: UnsafeRawBufferPointer) throws {
    try super.append(bytes)
    data.append(contentsOf: bytes)
  }
  override func prefix(_ n: Int) -> Data { data.prefix(n) }
}

final class FileSink: ResponseSink {
  let handle: FileHandle
  let path: String
  var head = Data()
  /// Set when the server refused to resume (no byte ranges).
  private(set) var ignoredRange = false
  init(_ handle: FileHandle, path: String) {
    self.handle = handle
    self.path = path
  }
  override func append(_ bytes: UnsafeRawBufferPointer) throws {
    try super.append(bytes)
    let data = Data(bytes)
    if head.count < 300 { head.append(data.prefix(300 - head.count)) }
    // The throwing write: the old `write(_:)` traps on a full disk.
    do { try handle.write(contentsOf: data) } catch {
      throw HTTPError.writeFailed(path: path, reason: error.localizedDescription)
    }
  }
  override func prefix(_ n: Int) -> Data { head.prefix(n) }
  override func restart() { ignoredRange = true }
}

private final class Context {
  let sink: ResponseSink
  let progress: HTTPClient.Progress?
  /// Bytes this try may still receive.
  let limit: Int64
  var exceeded = false
  var writeError: Error?
  init(sink: ResponseSink, progress: HTTPClient.Progress?, limit: Int64) {
    self.sink = sink
    self.progress = progress
    self.limit = limit
  }
}
