/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Secondary processes (doc/design.md §6 "Secondary processes", NIC guide
 * "Multi-process").
 *
 * A secondary attaches to the primary's ports and reads them; it never
 * drives them.  ethdev shares dev->data and the adapter (dev_private) in
 * EAL memory, but the adapter's pointers to the machine, the PCI function,
 * the DMA domain and the mempool context point into the primary's private
 * memory, and the device model runs only there.  So:
 *
 * - stats, xstats, their two resets and link status are asked of the
 *   primary with rte_mp_request_sync(): the primary runs its own ops on
 *   its own counters and writes the answer into a buffer the secondary
 *   allocated in shared memory (an rte_mp message carries 256 bytes, the
 *   answers are larger).  The primary's fast path is untouched: no lock,
 *   atomic or snapshot is added for this.  Promiscuous and all-multicast
 *   mode go the same way (capture tools turn promiscuous mode on): the
 *   primary's op writes the device's filter control;
 * - what reads only shared data (device info, firmware version, queue
 *   info, RSS configuration, xstat names) is the primary's own op;
 * - everything else that needs the device (configure, queue setup, start,
 *   stop, reset, link up/down, MTU, MAC filters, RSS updates, ...) is left
 *   NULL, so ethdev answers -ENOTSUP before it touches the port's shared
 *   data; the reason is logged once per process, at the first attach;
 * - the bursts are ethdev's dummy ones (they return 0).
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"

/* The request name both processes agree on (same build of the driver). */
#define MP_ACTION "i40e_sun4v_mp"
/* A primary busy in its control path answers in well under a second;
 * one that does not answer in this long is stuck or gone. */
#define MP_TIMEOUT_S 5

enum mp_op {
	MP_STATS_GET = 1,  /* struct rte_eth_stats in buf */
	MP_XSTATS_GET,     /* n struct rte_eth_xstat in buf */
	MP_STATS_RESET,
	MP_XSTATS_RESET,
	MP_LINK_UPDATE,    /* the primary refreshes dev->data->dev_link */
	MP_PROMISC,        /* n: 1 on, 0 off */
	MP_ALLMULTI,       /* n: 1 on, 0 off */
};

struct mp_req {
	uint32_t op;                      /**< enum mp_op */
	uint32_t n;                       /**< entries in @c buf (xstats),
					   *   or on/off */
	void *buf;                        /**< answer, in EAL shared memory */
	char name[RTE_ETH_NAME_MAX_LEN];  /**< port (ids are shared, names
					   *   say what was meant) */
};

struct mp_rep {
	int32_t rc;                       /**< what the primary's op returned */
};

static_assert(sizeof(struct mp_req) <= RTE_MP_MAX_PARAM_LEN,
	      "the request fits one rte_mp message");

static bool served;          /* primary: the action is registered */
static struct eth_dev_ops sec_ops;

/* The primary's side: a buffer a secondary named must be EAL memory. */
static bool
shared_buf(const void *buf, size_t len)
{
	return buf != NULL && len != 0 &&
	       rte_mem_virt2memseg_list(buf) != NULL &&
	       rte_mem_virt2memseg_list((const char *)buf + len - 1) != NULL;
}

/* Run one request with the primary's own ops on its own port. */
static int
mp_do(const struct mp_req *req)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	struct rte_eth_dev *dev;
	uint16_t port;

	memcpy(name, req->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if (rte_eth_dev_get_port_by_name(name, &port) != 0)
		return -ENODEV;
	dev = &rte_eth_devices[port];
	if (!i40e_sun4v_dev_is_ours(dev) ||
	    ((struct i40e_sun4v_adapter *)dev->data->dev_private)->fn == NULL)
		return -ENODEV;
	switch (req->op) {
	case MP_STATS_GET:
		if (!shared_buf(req->buf, sizeof(struct rte_eth_stats)))
			return -EFAULT;
		return dev->dev_ops->stats_get(dev, req->buf);
	case MP_XSTATS_GET:
		if (!shared_buf(req->buf, (size_t)req->n *
				sizeof(struct rte_eth_xstat)))
			return -EFAULT;
		return dev->dev_ops->xstats_get(dev, req->buf, req->n);
	case MP_STATS_RESET:
		return dev->dev_ops->stats_reset(dev);
	case MP_XSTATS_RESET:
		return dev->dev_ops->xstats_reset(dev);
	case MP_LINK_UPDATE:
		dev->dev_ops->link_update(dev, 0);
		return 0;
	case MP_PROMISC:
		return req->n ? dev->dev_ops->promiscuous_enable(dev) :
				dev->dev_ops->promiscuous_disable(dev);
	case MP_ALLMULTI:
		return req->n ? dev->dev_ops->allmulticast_enable(dev) :
				dev->dev_ops->allmulticast_disable(dev);
	default:
		return -EINVAL;
	}
}

/* EAL's IPC thread, in the primary. */
static int
mp_serve(const struct rte_mp_msg *msg, const void *peer)
{
	struct mp_rep rep = { .rc = -EINVAL };
	struct rte_mp_msg reply;

	if (msg->len_param == sizeof(struct mp_req))
		rep.rc = mp_do((const struct mp_req *)msg->param);
	memset(&reply, 0, sizeof(reply));
	snprintf(reply.name, sizeof(reply.name), "%s", msg->name);
	reply.len_param = sizeof(rep);
	memcpy(reply.param, &rep, sizeof(rep));
	return rte_mp_reply(&reply, peer);
}

/* Primary, first port: answer secondaries' requests. */
void
i40e_sun4v_mp_server_start(void)
{
	if (served)
		return;
	if (rte_mp_action_register(MP_ACTION, mp_serve) == 0) {
		served = true;
		return;
	}
	/* --in-memory / --no-shconf: no secondary can exist. */
	if (rte_errno == ENOTSUP)
		I40E_SUN4V_INIT_LOG(DEBUG, "no multi-process channel: no "
				    "secondary can attach");
	else
		I40E_SUN4V_INIT_LOG(WARNING, "cannot serve secondaries (%s): "
				    "they cannot read this process's ports",
				    rte_strerror(rte_errno));
}

/* Primary, last port gone. */
void
i40e_sun4v_mp_server_stop(void)
{
	if (!served)
		return;
	rte_mp_action_unregister(MP_ACTION);
	served = false;
}

bool
i40e_sun4v_mp_served(void)
{
	return served;
}

/* Secondary: one request to the primary; its op's return value. */
static int
mp_call(struct rte_eth_dev *dev, enum mp_op op, void *buf, uint32_t n)
{
	struct mp_req req = { .op = op, .n = n, .buf = buf };
	struct timespec ts = { .tv_sec = MP_TIMEOUT_S };
	struct rte_mp_reply reply;
	struct rte_mp_msg msg;
	int rc;

	memset(&msg, 0, sizeof(msg));
	snprintf(msg.name, sizeof(msg.name), "%s", MP_ACTION);
	snprintf(req.name, sizeof(req.name), "%s", dev->data->name);
	memcpy(msg.param, &req, sizeof(req));
	msg.len_param = sizeof(req);
	if (rte_mp_request_sync(&msg, &reply, &ts) != 0) {
		rc = -rte_errno;
		I40E_SUN4V_DRV_LOG(ERR, "%s: request %d to the primary failed: "
				   "%s", dev->data->name, op, rte_strerror(-rc));
		return rc != 0 ? rc : -EIO;
	}
	if (reply.nb_received != 1 ||
	    reply.msgs[0].len_param != sizeof(struct mp_rep)) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: the primary did not answer "
				   "request %d within %d s", dev->data->name,
				   op, MP_TIMEOUT_S);
		rc = -ETIMEDOUT;
	} else {
		rc = ((const struct mp_rep *)reply.msgs[0].param)->rc;
	}
	free(reply.msgs);
	return rc;
}

static int
sec_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct rte_eth_stats *b = rte_malloc("i40e_sun4v_mp", sizeof(*b), 0);
	int rc;

	if (b == NULL)
		return -ENOMEM;
	/* ethdev zeroed *st and set rx_nombuf; the primary's op adds to
	 * that, exactly as it does for the primary's own callers. */
	*b = *st;
	rc = mp_call(dev, MP_STATS_GET, b, 0);
	if (rc == 0)
		*st = *b;
	rte_free(b);
	return rc;
}

static int
sec_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
	       unsigned int n)
{
	/* The count depends on shared data only (the queue numbers). */
	int cnt = i40e_sun4v_xstats_get(dev, NULL, 0);
	struct rte_eth_xstat *b;
	int rc;

	if (xs == NULL || n < (unsigned int)cnt)
		return cnt;
	b = rte_malloc("i40e_sun4v_mp", (size_t)cnt * sizeof(*b), 0);
	if (b == NULL)
		return -ENOMEM;
	rc = mp_call(dev, MP_XSTATS_GET, b, (uint32_t)cnt);
	/* More than asked: the primary reconfigured in between; ethdev
	 * retries with the count. */
	if (rc > 0 && rc <= cnt)
		memcpy(xs, b, (size_t)rc * sizeof(*b));
	rte_free(b);
	return rc;
}

static int
sec_stats_reset(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_STATS_RESET, NULL, 0);
}

static int
sec_xstats_reset(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_XSTATS_RESET, NULL, 0);
}

static int
sec_promisc_on(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_PROMISC, NULL, 1);
}

static int
sec_promisc_off(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_PROMISC, NULL, 0);
}

static int
sec_allmulti_on(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_ALLMULTI, NULL, 1);
}

static int
sec_allmulti_off(struct rte_eth_dev *dev)
{
	return mp_call(dev, MP_ALLMULTI, NULL, 0);
}

static int
sec_link_update(struct rte_eth_dev *dev, int wait)
{
	RTE_SET_USED(wait);
	return mp_call(dev, MP_LINK_UPDATE, NULL, 0);
}

/* Nothing of the port is this process's own: ethdev releases the local
 * slot; the shared data and the device stay the primary's. */
static int
sec_dev_close(struct rte_eth_dev *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

/* The secondary's ops: the primary's where they read shared data only. */
static void
sec_ops_init(const struct eth_dev_ops *prim)
{
	sec_ops = (struct eth_dev_ops){
		.dev_close = sec_dev_close,
		.dev_infos_get = prim->dev_infos_get,
		.fw_version_get = prim->fw_version_get,
		.rxq_info_get = prim->rxq_info_get,
		.txq_info_get = prim->txq_info_get,
		.link_update = sec_link_update,
		.promiscuous_enable = sec_promisc_on,
		.promiscuous_disable = sec_promisc_off,
		.allmulticast_enable = sec_allmulti_on,
		.allmulticast_disable = sec_allmulti_off,
		.stats_get = sec_stats_get,
		.stats_reset = sec_stats_reset,
		.xstats_get = sec_xstats_get,
		.xstats_get_names = prim->xstats_get_names,
		.xstats_reset = sec_xstats_reset,
		.rss_hash_conf_get = prim->rss_hash_conf_get,
		.reta_query = prim->reta_query,
	};
}

/* The reason, once per process (at the first attach). */
static void
tell_limits_once(const char *name)
{
	static bool told;

	if (told)
		return;
	told = true;
	I40E_SUN4V_INIT_LOG(NOTICE, "%s: attached in a secondary process: "
		"stats, xstats, link and promiscuous mode go through the "
		"primary; configure, queue setup, start, stop and every other "
		"operation that needs the device return -ENOTSUP, and the "
		"bursts return 0, because the simulated device and its IOMMU "
		"live in the primary's private memory", name);
}

int
i40e_sun4v_mp_attach(struct rte_vdev_device *vdev,
		     const struct eth_dev_ops *prim_ops)
{
	const char *name = rte_vdev_device_name(vdev);
	struct rte_eth_dev *dev = rte_eth_dev_attach_secondary(name);
	const struct i40e_sun4v_adapter *ad;

	if (dev == NULL) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: the primary has no such port "
				    "(its probe failed?)", name);
		return -ENODEV;
	}
	ad = dev->data->dev_private;
	if (ad == NULL || !ad->mp_served) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: the primary does not answer "
			"secondaries' requests (no multi-process channel)",
			name);
		rte_eth_dev_release_port(dev);
		return -ENOTSUP;
	}
	if (sec_ops.dev_close == NULL)
		sec_ops_init(prim_ops);
	dev->dev_ops = &sec_ops;
	dev->device = &vdev->device;
	dev->rx_pkt_burst = rte_eth_pkt_burst_dummy;
	dev->tx_pkt_burst = rte_eth_pkt_burst_dummy;
	rte_eth_dev_probing_finish(dev);
	tell_limits_once(name);
	return 0;
}
