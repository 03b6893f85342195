#ifndef GRAVITAS_CSIGNALS_H
#define GRAVITAS_CSIGNALS_H

/// Stop requests by signal (SIGINT, SIGTERM) for a training command, with a plain sigaction
/// handler: Linux's libdispatch reads signals through a signalfd whose mask covers only the
/// thread that registered the source, so a signal delivered to any other thread was lost there.
///
/// The handler only counts: the first signal asks for a stop (and says so on stderr), a second one
/// ends the process at once with status 128 + the signal's number.

/// Installs the handler for SIGINT and SIGTERM, saving the actions it replaces; clears the count.
/// Returns 0, or -1 with errno set.
int gravitas_stop_signals_install(void);

/// Puts back the actions `gravitas_stop_signals_install` replaced.
void gravitas_stop_signals_restore(void);

/// The number of the first stop signal received since install, or 0.
int gravitas_stop_signal_received(void);

#endif
