/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Log types of the PMD (style-anchors §5.5): explicit names, default level
 * NOTICE.  Data-path macros compile out unless RTE_ETHDEV_DEBUG_RX/TX.
 */
#ifndef I40E_SUN4V_LOGS_H
#define I40E_SUN4V_LOGS_H

#include <rte_log.h>

extern int i40e_sun4v_logtype_init;
extern int i40e_sun4v_logtype_driver;

/* i40e_sun4v_logs.c: the process's log rate limiter (common/logrl) gets
 * rte_log as its sink and a one-second flush timer while a port exists. */
int i40e_sun4v_log_timer_start(void);
void i40e_sun4v_log_timer_stop(void);
void i40e_sun4v_log_flush(void);

#define I40E_SUN4V_INIT_LOG(level, fmt, ...)                                 \
	rte_log(RTE_LOG_##level, i40e_sun4v_logtype_init,                    \
		"%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#define I40E_SUN4V_DRV_LOG(level, fmt, ...)                                  \
	rte_log(RTE_LOG_##level, i40e_sun4v_logtype_driver,                  \
		"%s(): " fmt "\n", __func__, ##__VA_ARGS__)

#ifdef RTE_ETHDEV_DEBUG_RX
#define I40E_SUN4V_RX_LOG(level, fmt, ...)                                   \
	rte_log(RTE_LOG_##level, i40e_sun4v_logtype_driver,                  \
		"%s(): " fmt "\n", __func__, ##__VA_ARGS__)
#else
#define I40E_SUN4V_RX_LOG(level, fmt, ...) do { } while (0)
#endif

#ifdef RTE_ETHDEV_DEBUG_TX
#define I40E_SUN4V_TX_LOG(level, fmt, ...)                                   \
	rte_log(RTE_LOG_##level, i40e_sun4v_logtype_driver,                  \
		"%s(): " fmt "\n", __func__, ##__VA_ARGS__)
#else
#define I40E_SUN4V_TX_LOG(level, fmt, ...) do { } while (0)
#endif

#endif /* I40E_SUN4V_LOGS_H */
