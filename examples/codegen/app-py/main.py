"""Uses the generated pydantic v2 models (pyright --strict in CI; see ../README.md)."""

from dbgen.models import Post, PostInsert, Role, User, UserId


def describe(user: User, post: Post) -> str:
    return f"{user.handle} ({user.role.value}) wrote {post.title!r}"


def new_post(author: UserId, title: str) -> PostInsert:
    return {"author_id": author, "title": title}


if __name__ == "__main__":
    print(Role.ADMIN, new_post(UserId(1), "Hello"))
