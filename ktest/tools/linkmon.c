// SPDX-License-Identifier: GPL-2.0
/*
 * linkmon - watch what the rest of the system hears about one interface,
 * to check that a driver swap is not seen as a link going down.
 *
 *   linkmon IFNAME   prints one line per link message about IFNAME, then,
 *                    on SIGTERM or SIGINT, "events N down D"
 *
 * It listens to the rtnetlink link group, which is fed by the netdevice
 * notifiers (NETDEV_CHANGE, the carrier's link watch, register and
 * unregister), the same events the IP layers, bridges and user space act
 * on. An event is counted as down when it says the interface is gone
 * (RTM_DELLINK), not up (IFF_UP), without a link (no IFF_LOWER_UP or no
 * IFF_RUNNING) or not operationally up: what an administrator's
 * monitoring would see as a link flap. A swap must produce none.
 */
#include <errno.h>
/* Before linux/if.h, which then leaves out what libc defines. */
#include <net/if.h>
#include <linux/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Return 1 if the message tells of a link that is not fully up. */
static int linkmon_show(struct nlmsghdr *nh, double t0)
{
	struct ifinfomsg *ifi = NLMSG_DATA(nh);
	int len = nh->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	unsigned int flags = ifi->ifi_flags;
	int oper = -1, carrier = -1;
	struct rtattr *rta;
	int down;

	for (rta = IFLA_RTA(ifi); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type == IFLA_OPERSTATE)
			oper = *(unsigned char *)RTA_DATA(rta);
		else if (rta->rta_type == IFLA_CARRIER)
			carrier = *(unsigned char *)RTA_DATA(rta);
	}
	down = nh->nlmsg_type == RTM_DELLINK ||
	       (flags & (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)) !=
		       (IFF_UP | IFF_RUNNING | IFF_LOWER_UP) ||
	       (oper != -1 && oper != IF_OPER_UP);
	printf("%.3f %s%s%s%s operstate %d carrier %d%s\n", now() - t0,
	       nh->nlmsg_type == RTM_DELLINK ? "DELLINK" : "NEWLINK",
	       flags & IFF_UP ? " UP" : "", flags & IFF_RUNNING ? " RUNNING" : "",
	       flags & IFF_LOWER_UP ? " LOWER_UP" : "", oper, carrier,
	       down ? " (down)" : "");
	fflush(stdout);
	return down;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = RTMGRP_LINK };
	unsigned long events = 0, downs = 0;
	struct sigaction act = { .sa_handler = on_signal };
	unsigned int ifindex;
	char buf[16384];
	double t0 = now();
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: linkmon IFNAME\n");
		return 2;
	}
	ifindex = if_nametoindex(argv[1]);
	if (!ifindex) {
		fprintf(stderr, "linkmon: no interface %s in this namespace\n", argv[1]);
		return 2;
	}
	/* No SA_RESTART: the signal must end the recv(). */
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("linkmon: rtnetlink");
		return 2;
	}
	printf("watching %s (ifindex %u)\n", argv[1], ifindex);
	fflush(stdout);
	while (!stop) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		struct nlmsghdr *nh;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Lost messages could have been down ones: say so. */
			if (errno == ENOBUFS) {
				printf("overrun: messages lost\n");
				downs++;
				continue;
			}
			perror("linkmon: recv");
			return 2;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, n); nh = NLMSG_NEXT(nh, n)) {
			struct ifinfomsg *ifi = NLMSG_DATA(nh);

			if (nh->nlmsg_type != RTM_NEWLINK && nh->nlmsg_type != RTM_DELLINK)
				continue;
			if ((unsigned int)ifi->ifi_index != ifindex)
				continue;
			events++;
			downs += linkmon_show(nh, t0);
		}
	}
	printf("events %lu down %lu\n", events, downs);
	return 0;
}
