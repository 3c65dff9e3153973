/**
 * Hardhat 2 configuration for the in-process test chain (CHAINS.md "Local chains for tests"):
 * chain id 31337, automine, the default accounts (account #0 holds 10,000 ETH). No solidity
 * compiler is configured, so nothing is ever downloaded.
 */
module.exports = {
  networks: { hardhat: { chainId: 31337, mining: { auto: true } } },
}
