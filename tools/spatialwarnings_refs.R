# Reference outputs of the R package spatialwarnings for tests/ews/test_spatial.py.
#
# Runs generic_sews, spectral_sews and patchdistr_sews on small parts of the package's
# bundled data (forestgap, serengeti: binary vegetation maps) and on a seeded continuous
# field, and writes the matrices and the results as CSV under
# tests/ews/fixtures/spatialwarnings/. CI does not need R: the tests read the CSVs.
#
# Install (spatialwarnings from its GitHub CRAN mirror, dependencies from Debian):
#   apt-get install r-cran-rcpp r-cran-rcpparmadillo r-cran-plyr r-cran-future \
#     r-cran-future.apply r-cran-gsl r-cran-segmented r-cran-ggplot2 r-cran-moments
#   git --git-dir=<mirror of cran/spatialwarnings> archive HEAD | tar -x -C sw && R CMD INSTALL -l <lib> sw
# Run from the repository root:
#   R_LIBS=<lib> Rscript tools/spatialwarnings_refs.R
suppressPackageStartupMessages(library(spatialwarnings))
out <- file.path("tests", "ews", "fixtures", "spatialwarnings")
dir.create(out, recursive = TRUE, showWarnings = FALSE)

crop <- function(m, n) m[seq_len(n), seq_len(n)]
set.seed(42)
smooth <- matrix(rnorm(48 * 48), 48, 48)
# a continuous field with spatial correlation: a 3 x 3 moving average of noise
cont <- smooth
for (i in 2:47) for (j in 2:47) cont[i, j] <- mean(smooth[(i - 1):(i + 1), (j - 1):(j + 1)])
mats <- list(
  forestgap1 = crop(forestgap[[1]], 60) * 1,
  forestgap8 = crop(forestgap[[8]], 60) * 1,
  serengeti5 = crop(serengeti[[5]], 64) * 1,
  continuous = cont
)
for (name in names(mats)) {
  write.table(mats[[name]], file.path(out, paste0(name, ".csv")), sep = ",",
              row.names = FALSE, col.names = FALSE)
}

generic <- list()
for (name in names(mats)) {
  m <- mats[[name]]
  if (name != "continuous") m <- m > 0  # binary maps as spatialwarnings expects them
  for (subsize in c(1, 2, 4, 5)) {
    for (moran_cg in c(FALSE, TRUE)) {
      v <- suppressWarnings(generic_sews(m, subsize = subsize, moranI_coarse_grain = moran_cg))$value
      generic[[length(generic) + 1]] <- data.frame(
        matrix = name, subsize = subsize, moran_cg = as.integer(moran_cg),
        variance = v[["variance"]], skewness = v[["skewness"]], moran = v[["moran"]], mean = v[["mean"]])
    }
  }
}
write.csv(do.call(rbind, generic), file.path(out, "generic_sews.csv"), row.names = FALSE)

spectral <- list()
spectra <- list()
for (name in names(mats)) {
  s <- spectral_sews(mats[[name]], quiet = TRUE)
  spectral[[length(spectral) + 1]] <- data.frame(matrix = name, sdr = s$value[["sdr"]])
  spectra[[length(spectra) + 1]] <- data.frame(matrix = name, dist = s$spectrum$dist, rspec = s$spectrum$rspec)
}
write.csv(do.call(rbind, spectral), file.path(out, "spectral_sews.csv"), row.names = FALSE)
write.csv(do.call(rbind, spectra), file.path(out, "rspectrum.csv"), row.names = FALSE)

patches <- list()
summary <- list()
for (name in setdiff(names(mats), "continuous")) {
  p <- suppressWarnings(patchdistr_sews(mats[[name]] > 0))
  patches[[length(patches) + 1]] <- data.frame(matrix = name, size = p$psd_obs)
  summary[[length(summary) + 1]] <- data.frame(matrix = name, npatches = p$npatches, cover = p$cover,
                                               percolation = as.integer(p$percolation))
}
write.csv(do.call(rbind, patches), file.path(out, "patchsizes.csv"), row.names = FALSE)
write.csv(do.call(rbind, summary), file.path(out, "patchdistr_sews.csv"), row.names = FALSE)
cat("spatialwarnings", as.character(packageVersion("spatialwarnings")), "fixtures written to", out, "\n")

# ---- patchdistr_sews: the fitted patch-size distributions ------------------------------------
# psd_type: power law, truncated power law, exponential and lognormal fits (maximum likelihood by
# optim) with AIC, AICc, BIC and the best model; plrange: xmin by Kolmogorov-Smirnov distance and
# the power-law range. Fitted at xmin = 1 (the default) and at the estimated xmin.
fits <- list()
ranges <- list()
sizes_full <- list()
binary <- list(forestgap1 = mats$forestgap1 > 0, forestgap8 = mats$forestgap8 > 0,
               serengeti5 = mats$serengeti5 > 0, forestgap3_full = forestgap[[3]])
write.table(binary$forestgap3_full * 1, file.path(out, "forestgap3_full.csv"), sep = ",",
            row.names = FALSE, col.names = FALSE)
for (name in names(binary)) {
  for (xm in list(1, "estimate")) {
    p <- suppressWarnings(patchdistr_sews(binary[[name]], fit_lnorm = TRUE, xmin = xm))
    t <- p$psd_type
    t$matrix <- name
    t$xmin_arg <- as.character(xm)
    fits[[length(fits) + 1]] <- t
  }
  ranges[[length(ranges) + 1]] <- data.frame(matrix = name, xmin_est = p$plrange$xmin_est,
                                             plrange = p$plrange$plrange)
}
fits <- do.call(rbind, fits)
for (k in names(fits)) if (is.numeric(fits[[k]])) fits[[k]] <- sprintf("%.17g", fits[[k]])
write.csv(fits, file.path(out, "psd_fits.csv"), row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, ranges), file.path(out, "plrange.csv"), row.names = FALSE)
