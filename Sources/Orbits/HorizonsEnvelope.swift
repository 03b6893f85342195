import Foundation

/// The JSON envelope of a Horizons reply: `{"signature": {"version": …}, "result": …}`, or
/// `"error"` in place of `"result"`. Only string members count; a member of another type, or
/// one the server adds later, is ignored as if absent, so the parser says what is missing.
struct HorizonsEnvelope: Decodable {
  var result: String?
  var error: String?
  /// `signature.version`: the API version that answered.
  var version: String?

  private enum Key: String, CodingKey { case result, error, signature, version }

  init(from decoder: Decoder) throws {
    let members = try decoder.container(keyedBy: Key.self)  // typeMismatch unless an object
    result = try? members.decode(String.self, forKey: .result)
    error = try? members.decode(String.self, forKey: .error)
    version = try? members.nestedContainer(keyedBy: Key.self, forKey: .signature).decode(String.self, forKey: .version)
  }
}
