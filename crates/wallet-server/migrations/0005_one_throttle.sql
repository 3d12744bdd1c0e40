-- Failed tries per client address are counted in throttle_hits ("ip-failure:<ip>"), like
-- every other throttle.
DROP TABLE ip_failures;
