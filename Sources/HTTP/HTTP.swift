// The HTTP module: its first files arrive with the issue that builds it.
