"""What the public reads: editions, leaderboards and their downloads, the league table
and winners, certificates, charts, the public side of the objection period and the
read-only API. Only published results pass (judging.publication.leaderboards)."""
