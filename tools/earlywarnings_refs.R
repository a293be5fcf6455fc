#!/usr/bin/env Rscript
# Reference outputs of R earlywarnings, stored as CSV fixtures under
# tests/ews/fixtures/earlywarnings/ (CI compares tsdyn against them; it needs no R).
#
# Run from the repository root:  Rscript tools/earlywarnings_refs.R
#
# Made with (see the header line "# versions:" this script writes to versions.txt):
#   R 4.2.2 (Debian r-base-core 4.2.2.20221110-2), earlywarnings 1.1.29 (github:cran/earlywarnings),
#   moments, Kendall, som from their GitHub CRAN mirrors, tseries / tgp / fields / KernSmooth ...
#   from Debian bookworm's r-cran-* packages.
#
# Numbers are written with 17 significant digits (lossless for doubles).
suppressPackageStartupMessages({
  library(earlywarnings)
  library(tseries)
})
out_dir <- "tests/ews/fixtures/earlywarnings"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
pdf(NULL)  # earlywarnings plots on every call: send them nowhere
options(device = function(...) pdf(NULL))

wcsv <- function(df, name) {
  df <- as.data.frame(df)
  for (k in seq_along(df)) {
    if (is.numeric(df[[k]])) df[[k]] <- sprintf("%.17g", df[[k]])
  }
  write.csv(df, file.path(out_dir, name), row.names = FALSE, quote = FALSE)
}

vers <- sapply(c("earlywarnings", "moments", "Kendall", "som", "tseries", "tgp", "KernSmooth"),
               function(p) as.character(packageVersion(p)))
writeLines(c(paste("# versions:", R.version.string),
             paste(names(vers), vers, sep = " ", collapse = "; ")),
           file.path(out_dir, "versions.txt"))

# ---- the series --------------------------------------------------------------------------
data(foldbif, package = "earlywarnings")
data(circulation, package = "earlywarnings")
fold <- as.numeric(as.matrix(foldbif)[, ncol(as.matrix(foldbif))])
circ <- as.matrix(circulation)
set.seed(20261206)
n <- 200
ar1 <- as.numeric(arima.sim(list(ar = 0.5), n = n))
# flickering: a double well x' = x - x^3 + c t with noise strong enough to hop between wells
flick <- numeric(n); flick[1] <- -1
for (i in 2:n) {
  x <- flick[i - 1]
  flick[i] <- x + 0.1 * (x - x^3 + 0.15 * (i / n)) + 0.35 * rnorm(1)
}
series <- list(
  fold = data.frame(time = seq_along(fold), value = fold),
  circulation = data.frame(time = circ[, 1], value = circ[, 2]),
  ar1 = data.frame(time = seq_len(n), value = ar1),
  flicker = data.frame(time = seq_len(n), value = flick)
)
for (nm in names(series)) wcsv(series[[nm]], paste0("series_", nm, ".csv"))

# ---- generic_ews -------------------------------------------------------------------------
# loess with surface = "direct" (exact local fits at every point): generic_ews with the
# one call it makes to loess swapped for this wrapper
loess_direct <- function(...) stats::loess(..., surface = "direct")
generic_direct <- generic_ews
environment(generic_direct) <- list2env(list(loess = loess_direct), parent = environment(generic_ews))

configs <- list(
  default = list(),
  w25 = list(winsize = 25),
  gaussian = list(detrending = "gaussian"),
  gaussian_bw10 = list(detrending = "gaussian", bandwidth = 10),
  gaussian_bw5_w30 = list(detrending = "gaussian", bandwidth = 5, winsize = 30),
  loess = list(detrending = "loess"),
  loess_direct = list(detrending = "loess", direct = TRUE),
  loess_span50_deg1_direct = list(detrending = "loess", span = 50, degree = 1, direct = TRUE),
  linear = list(detrending = "linear"),
  first_diff = list(detrending = "first-diff")
)
short <- c("default", "gaussian", "loess_direct", "first_diff")
gen <- list(); taus <- list()
for (nm in names(series)) {
  s <- series[[nm]]
  input <- if (nm == "circulation") as.matrix(s) else s$value
  for (cf in names(configs)) {
    if (nm != "fold" && !(cf %in% short)) next
    args <- configs[[cf]]
    f <- if (isTRUE(args$direct)) generic_direct else generic_ews
    args$direct <- NULL
    res <- do.call(f, c(list(input), args))
    gen[[length(gen) + 1]] <- cbind(series = nm, config = cf, res)
    for (ind in setdiff(colnames(res), "timeindex")) {
      tau <- cor(seq_len(nrow(res)), res[[ind]], method = "kendall")
      taus[[length(taus) + 1]] <- data.frame(series = nm, config = cf, indicator = ind, tau = tau)
    }
  }
}
wcsv(do.call(rbind, gen), "generic_ews.csv")
wcsv(do.call(rbind, taus), "generic_ews_ktau.csv")

# the trends themselves: ksmooth and loess (both surfaces) on the fold series
t <- seq_along(fold)
trend <- data.frame(
  time = t,
  ksmooth_bw = ksmooth(t, fold, kernel = "normal", bandwidth = round(bw.nrd0(t)), x.points = t)$y,
  ksmooth_bw10 = ksmooth(t, fold, kernel = "normal", bandwidth = 10, x.points = t)$y,
  loess_interpolate = predict(loess(fold ~ t, span = 0.25, degree = 2, normalize = FALSE)),
  loess_direct = predict(loess(fold ~ t, span = 0.25, degree = 2, normalize = FALSE, surface = "direct")),
  loess_direct_deg1_span60 = predict(loess(fold ~ t, span = 0.6, degree = 1, normalize = FALSE,
                                           surface = "direct")),
  lm = fitted(lm(fold ~ t))
)
wcsv(trend, "trends_fold.csv")

# ---- generic_ews(AR_n = TRUE) -------------------------------------------------------------
# generic_ews only plots its AR(n) estimators (AIC order up to 6 by ar.ols without demeaning or
# intercept, its first coefficient, the largest root modulus, the squared geometric mean root):
# a trace on exit copies them out of the function's frame, so they come from R's own code
captured <- NULL
trace(generic_ews, print = FALSE, exit = quote(
  captured <<- data.frame(timeindex = timeindex[mw:length(nsmY)], order = ARn, b1 = smARall,
                          maxroot = smARmaxeig, detB = detB)))
arn <- list()
for (cf in list(list("fold", "default", list()), list("fold", "gaussian", list(detrending = "gaussian")),
                list("fold", "w25_first_diff", list(winsize = 25, detrending = "first-diff")),
                list("ar1", "default", list()), list("flicker", "w30_linear", list(winsize = 30, detrending = "linear")))) {
  s <- series[[cf[[1]]]]
  res <- suppressWarnings(do.call(generic_ews, c(list(s$value, AR_n = TRUE), cf[[3]])))
  arn[[length(arn) + 1]] <- cbind(series = cf[[1]], config = cf[[2]], captured)
}
untrace(generic_ews)
wcsv(do.call(rbind, arn), "generic_ews_arn.csv")

# ---- sensitivity_ews ---------------------------------------------------------------------
sens <- list()
for (ind in c("ar1", "sd", "acf1", "kurt", "cv", "sk", "returnrate")) {
  for (det in c("gaussian", "no")) {
    r <- sensitivity_ews(fold, indicator = ind, detrending = det)
    r <- as.matrix(r)
    width <- if (is.null(rownames(r))) NA else rownames(r)
    for (i in seq_len(nrow(r))) for (j in seq_len(ncol(r))) {
      sens[[length(sens) + 1]] <- data.frame(indicator = ind, detrending = det,
        bandwidth = as.numeric(rownames(r)[i]), winsize = as.numeric(colnames(r)[j]), tau = r[i, j])
    }
  }
}
wcsv(do.call(rbind, sens), "sensitivity_ews.csv")

# ---- ch_ews ------------------------------------------------------------------------------
ch <- list()
for (nm in c("fold", "flicker")) {
  x <- series[[nm]]$value
  for (cf in list(list("default"), list("lags2", optim = FALSE, lags = 2), list("w20", winsize = 20))) {
    args <- cf[-1]
    r <- do.call(ch_ews, c(list(as.matrix(x)), args))  # ch_ews needs a matrix (ts of a vector has no dim)
    ch[[length(ch) + 1]] <- cbind(series = nm, config = cf[[1]], r)
  }
}
wcsv(do.call(rbind, ch), "ch_ews.csv")

# ar.ols stops its order search at the first order whose normal equations qr() calls rank
# deficient (tol 1e-7): a smooth series reaches that within a few lags. Own seed, so this
# section does not depend on the random draws above.
set.seed(7)
smooth <- sin(0.1 * (1:200)) + 1e-4 * rnorm(200)
fit <- suppressWarnings(ar(smooth, method = "ols"))
wcsv(data.frame(x = smooth, resid = as.vector(fit$resid), order = fit$order), "ar_ols_smooth.csv")
r <- suppressWarnings(ch_ews(as.matrix(smooth), winsize = 25))
wcsv(r, "ch_ews_smooth.csv")

# ---- bdstest_ews: its steps (the function only prints) -----------------------------------
bds_rows <- list(); fits <- list()
bds_stat <- function(e, label, nm) {
  epsvec <- round(sd(as.vector(e)) * c(0.5, 0.75, 1), 6)
  b <- bds.test(e, m = 3, epsvec)
  for (im in 1:2) for (k in 1:3) {
    bds_rows[[length(bds_rows) + 1]] <<- data.frame(series = nm, residuals = label, m = im + 1,
      eps = epsvec[k], statistic = b$statistic[im, k], pvalue = b$p.value[im, k])
  }
}
for (nm in c("fold", "ar1")) {
  Y <- series[[nm]]$value
  eps1 <- diff(Y)
  bds_stat(eps1, "first_diff", nm)
  arma <- arima(Y, order = c(1, 0, 0), include.mean = TRUE)
  bds_stat(arma$residuals, "arma", nm)
  g <- garch(Y, order = c(0, 1), trace = FALSE)
  bds_stat(g$residuals[2:length(Y)], "garch", nm)
  fits[[length(fits) + 1]] <- data.frame(series = nm, model = "arma", term = names(coef(arma)), value = coef(arma))
  fits[[length(fits) + 1]] <- data.frame(series = nm, model = "garch", term = names(coef(g)), value = coef(g))
  wcsv(data.frame(arma = as.numeric(arma$residuals), garch = as.numeric(g$residuals)),
       paste0("bds_residuals_", nm, ".csv"))
}
wcsv(do.call(rbind, bds_rows), "bdstest_ews.csv")
wcsv(do.call(rbind, fits), "bdstest_fits.csv")

# ---- potentials --------------------------------------------------------------------------
liv <- list(); livops <- list()
for (nm in c("flicker", "fold")) {
  x <- series[[nm]]$value
  for (cf in list(list("default"), list("grid50_th0.5", grid.size = 50, detection.threshold = 0.5))) {
    r <- do.call(livpotential_ews, c(list(x), cf[-1]))
    liv[[length(liv) + 1]] <- data.frame(series = nm, config = cf[[1]], grid = r$grid.points,
                                         pot = r$pot, density = r$density, bw = r$bw)
    livops[[length(livops) + 1]] <- data.frame(series = nm, config = cf[[1]],
      kind = c(rep("min", length(r$min.inds)), rep("max", length(r$max.inds))),
      index = c(r$min.inds, r$max.inds))
  }
}
wcsv(do.call(rbind, liv), "livpotential_ews.csv")
wcsv(do.call(rbind, livops), "livpotential_optima.csv")

mp <- movpotential_ews(series$flicker$value, grid.size = 30)$res
wcsv(data.frame(par = as.vector(mp$pars), xi = as.vector(mp$xis), pot = as.vector(mp$pots),
                min = as.vector(mp$mins), max = as.vector(mp$maxs),
                row = as.vector(row(mp$pots)), col = as.vector(col(mp$pots))),
     "movpotential_ews.csv")

# ---- ddjnonparam_ews ---------------------------------------------------------------------
ddj <- list()
for (cf in list(list("fold", series$fold$value, list()),
                list("flicker", series$flicker$value, list(logtransform = FALSE, bandwidth = 0.4, na = 100)))) {
  r <- do.call(ddjnonparam_ews, c(list(as.matrix(cf[[2]])), cf[[3]]))
  names(r) <- make.unique(names(r))
  ddj[[length(ddj) + 1]] <- data.frame(series = cf[[1]], part = "a", x = r$avec, S2 = r$S2.vec,
    TotVar = r$TotVar.dx.vec, Diff2 = r$Diff2.vec, Lamda = r$LamdaZ.vec)
  ddj[[length(ddj) + 1]] <- data.frame(series = cf[[1]], part = "t", x = r$Tvec1, S2 = r$S2.t,
    TotVar = r$TotVar.t, Diff2 = r$Diff2.t, Lamda = r$Lamda.t)
}
wcsv(do.call(rbind, ddj), "ddjnonparam_ews.csv")

# ---- qda_ews -----------------------------------------------------------------------------
# its parts as qda_ews returns them: the indicator table and the moving potential (grid.size
# 20 to keep the fixture small; detection.threshold left at qda_ews' 0.002); its surrogate
# panel is a plot only (random, matched in distribution by the surrogates_ews fixture)
set.seed(11)
q <- suppressMessages(qda_ews(series$fold$value, boots = 20, grid.size = 20))
wcsv(q$indicators, "qda_ews_indicators.csv")
qp <- q$potential.plot$res
wcsv(data.frame(par = as.vector(qp$pars), xi = as.vector(qp$xis), pot = as.vector(qp$pots),
                min = as.vector(qp$mins), max = as.vector(qp$maxs),
                row = as.vector(row(qp$pots)), col = as.vector(col(qp$pots))),
     "qda_ews_potential.csv")

# ---- surrogates_ews ----------------------------------------------------------------------
sur <- list()
set.seed(7)
for (ind in c("sd", "acf1")) {
  r <- surrogates_ews(series$fold$value, indicator = ind, winsize = 50, boots = 200)
  sur[[length(sur) + 1]] <- data.frame(indicator = ind, tau_original = r[[1]], tau_surrogate = r[[3]],
                                       p = r[[5]])
}
wcsv(do.call(rbind, sur), "surrogates_ews.csv")
cat("fixtures written to", out_dir, "\n")
