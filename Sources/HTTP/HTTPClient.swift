import CCurl
import Foundation

/// A small HTTP(S) client over libcurl: GET into memory or into a file, with timeouts, a
/// User-Agent naming Gravitas, retries with exponential back-off on 503, timeouts and dropped
/// connections (nothing else is retried), progress reports, and resumable, atomic downloads.
public struct HTTPClient: Sendable {
  /// Whole-request limit and connection limit, seconds.
  public var timeout: Double = 120
  public var connectTimeout: Double = 20
  /// Attempts after the first, and the first back-off (doubled each time), seconds.
  public var retries = 4
  public var backoff: Double = 1
  public var userAgent = "Gravitas/0.1 (scientific ML; libcurl)"

  public init() {}

  /// (bytes received, bytes expected or 0 when unknown)
  public typealias Progress = (Int64, Int64) -> Void

  /// The body of a GET, retrying transient failures.
  public func get(_ url: String, progress: Progress? = nil, log: ((String) -> Void)? = nil) throws -> Data {
    try withRetries(url, log: log) {
      let sink = MemorySink()
      try perform(url, sink: sink, resumeFrom: 0, progress: progress)
      return sink.data
    }
  }

  /// Downloads to `destination` via `destination.part`, resuming a previous partial download
  /// with a Range request, and renames into place only when complete.
  public func download(_ url: String, to destination: URL, progress: Progress? = nil, log: ((String) -> Void)? = nil) throws {
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
    guard rename(part.path, destination.path) == 0 else {
      throw HTTPError.writeFailed(path: destination.path, reason: String(cString: strerror(errno)))
    }
  }

  /// Appends the body of `url` to `part`, resuming from its current size.
  private func fetch(_ url: String, into part: URL, progress: Progress?, log: ((String) -> Void)?) throws {
    try withRetries(url, log: log) {
      var existing = (try? FileManager.default.attributesOfItem(atPath: part.path)[.size] as? Int) ?? 0
      // A failure to create shows up as the open below failing, with a clearer error.
      if existing == 0 { _ = FileManager.default.createFile(atPath: part.path, contents: nil) }
      guard let handle = FileHandle(forWritingAtPath: part.path) else {
        throw HTTPError.writeFailed(path: part.path, reason: "cannot open for writing")
      }
      defer { try? handle.close() }
      while true {
        handle.seekToEndOfFile()
        let sink = FileSink(handle)
        do {
          try perform(url, sink: sink, resumeFrom: existing, progress: progress)
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

  private func withRetries<T>(_ url: String, log: ((String) -> Void)?, _ attempt: () throws -> T) throws -> T {
    var delay = backoff
    for tries in 0... {
      do { return try attempt() } catch let error as HTTPError where error.isTransient && tries < retries {
        log?("\(error); retrying in \(delay) s (\(tries + 1) of \(retries))")
        Thread.sleep(forTimeInterval: delay)
        delay *= 2
      }
    }
    fatalError("unreachable")
  }

  /// One request. Status ≥ 400 becomes `HTTPError.status` with the start of the body.
  private func perform(_ url: String, sink: ResponseSink, resumeFrom offset: Int, progress: Progress?) throws {
    curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    guard let handle = curl_easy_init() else { throw HTTPError.other(url: url, reason: "libcurl could not start") }
    defer { curl_easy_cleanup(handle) }
    let context = Context(sink: sink, progress: progress)
    let unmanaged = Unmanaged.passRetained(context)
    defer { unmanaged.release() }
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
      _ = gravitas_curl_setopt_string(handle, CURLOPT_URL, url)
      _ = gravitas_curl_setopt_string(handle, CURLOPT_USERAGENT, userAgent)
      _ = gravitas_curl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
      _ = gravitas_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
      // A file being downloaded must never receive an error page: a 503's body written to the
      // .part file would be resumed after, and stay in the download. curl stops before the body.
      if sink is FileSink { _ = gravitas_curl_setopt_long(handle, CURLOPT_FAILONERROR, 1) }
      _ = gravitas_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(timeout * 1000))
      _ = gravitas_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(connectTimeout * 1000))
      _ = gravitas_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
      _ = gravitas_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, { data, size, count, context in
        let context = Unmanaged<Context>.fromOpaque(context!).takeUnretainedValue()
        context.sink.append(UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
      })
      _ = gravitas_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque())
      if progress != nil {
        _ = gravitas_curl_setopt_progress_function(handle, CURLOPT_XFERINFOFUNCTION, { context, total, now, _, _ in
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
    let message = String(cString: errorBuffer).isEmpty ? String(cString: curl_easy_strerror(code)) : String(cString: errorBuffer)
    switch code {
    case CURLE_OK, CURLE_HTTP_RETURNED_ERROR: break  // the status is reported below
    case CURLE_OPERATION_TIMEDOUT: throw HTTPError.timeout(url: url, seconds: timeout)
    case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_GOT_NOTHING:
      throw HTTPError.connectionFailed(url: url, reason: message)
    case CURLE_PARTIAL_FILE: throw HTTPError.truncated(url: url, received: sink.count, expected: nil)
    case CURLE_RANGE_ERROR:  // the server does not resume: start the body again
      sink.restart()
      return
    default: throw HTTPError.other(url: url, reason: message)
    }
    if status >= 400 {
      let text = String(decoding: sink.prefix(300), as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
      throw HTTPError.status(url: url, code: status, body: text.trimmingCharacters(in: .whitespaces))
    }
  }
}

/// Where a response body goes.
class ResponseSink {
  var count = 0
  func append(_ bytes: UnsafeRawBufferPointer) { count += bytes.count }
  func prefix(_ n: Int) -> Data { Data() }
  func restart() {}
}

final class MemorySink: ResponseSink {
  var data = Data()
  override func append(_ bytes: UnsafeRawBufferPointer) { super.append(bytes); data.append(contentsOf: bytes) }
  override func prefix(_ n: Int) -> Data { data.prefix(n) }
}

final class FileSink: ResponseSink {
  let handle: FileHandle
  var head = Data()
  /// Set when the server refused to resume (no byte ranges).
  private(set) var ignoredRange = false
  init(_ handle: FileHandle) { self.handle = handle }
  override func append(_ bytes: UnsafeRawBufferPointer) {
    super.append(bytes)
    let data = Data(bytes)
    if head.count < 300 { head.append(data.prefix(300 - head.count)) }
    handle.write(data)
  }
  override func prefix(_ n: Int) -> Data { head.prefix(n) }
  override func restart() { ignoredRange = true }
}

private final class Context {
  let sink: ResponseSink
  let progress: HTTPClient.Progress?
  init(sink: ResponseSink, progress: HTTPClient.Progress?) { self.sink = sink; self.progress = progress }
}
