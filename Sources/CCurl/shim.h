// libcurl (Debian: libcurl4-openssl-dev). curl_easy_setopt and curl_easy_getinfo are variadic,
// which Swift cannot call, so each argument type gets a typed static inline wrapper.
#include <curl/curl.h>

static inline CURLcode gravitas_curl_setopt_long(CURL *handle, CURLoption option, long value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gravitas_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gravitas_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
  return curl_easy_setopt(handle, option, value);
}
static inline CURLcode gravitas_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
  return curl_easy_setopt(handle, option, value);
}
typedef size_t (*gravitas_curl_write_callback)(char *data, size_t size, size_t count, void *context);
static inline CURLcode gravitas_curl_setopt_write_function(CURL *handle, CURLoption option,
                                                            gravitas_curl_write_callback callback) {
  return curl_easy_setopt(handle, option, callback);
}
typedef int (*gravitas_curl_progress_callback)(void *context, curl_off_t dltotal, curl_off_t dlnow,
                                               curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode gravitas_curl_setopt_progress_function(CURL *handle, CURLoption option,
                                                               gravitas_curl_progress_callback callback) {
  return curl_easy_setopt(handle, option, callback);
}
static inline CURLcode gravitas_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
  return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode gravitas_curl_getinfo_string(CURL *handle, CURLINFO info, char **value) {
  return curl_easy_getinfo(handle, info, value);
}

// Only http and https, for the first request and for every redirect: libcurl would otherwise
// follow `file://`, `gopher://`, `dict://`, `telnet://` and more. The string options arrived in
// libcurl 7.85 (the bitmask ones are deprecated there); older libcurl gets the bitmasks.
static inline CURLcode gravitas_curl_allow_http_only(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
  CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
  if (code != CURLE_OK) return code;
  return curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  if (code != CURLE_OK) return code;
  return curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}
